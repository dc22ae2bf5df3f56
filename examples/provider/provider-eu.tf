# EU accounts live on happyfox.net; custom domains work the same way.
provider "happyfox" {
  base_url = "https://acme.happyfox.net/api/1.1/json/"
}
