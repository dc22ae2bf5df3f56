import {
  to       = happyfox_asset.ada_laptop
  identity = { id = 6748 }
}
