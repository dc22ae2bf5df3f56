# An asset is imported by its numeric HappyFox id (shown in the asset's URL in the HappyFox web interface).
terraform import happyfox_asset.ada_laptop 6748
