terraform {
  required_providers {
    happyfox = {
      source = "happyfox-iac/happyfox"
    }
  }
}

# Credentials come from HAPPYFOX_API_KEY and HAPPYFOX_AUTH_CODE, so that they stay out of the configuration.
provider "happyfox" {
  account  = "acme" # https://acme.happyfox.com/api/1.1/json/
  staff_id = 1      # the agent that writes are made as

  # Leave part of HappyFox's per-account budget (500 GET / 300 POST a minute) to other integrations.
  get_requests_per_minute   = 400
  write_requests_per_minute = 200
}
