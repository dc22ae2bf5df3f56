import {
  to = happyfox_asset.ada_laptop
  id = "6748"
}
