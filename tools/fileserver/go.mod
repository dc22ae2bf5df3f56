module github.com/happyfox-iac/terraform-provider-happyfox/tools/fileserver

go 1.26.8
