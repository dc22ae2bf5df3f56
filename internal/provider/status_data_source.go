package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/datasource"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client"
)

// NewStatusDataSource is the constructor of the happyfox_status data source.
func NewStatusDataSource() datasource.DataSource {
	return &lookupDataSource[client.Status, statusModel]{
		dataSourceBase: dataSourceBase{typeSuffix: "_status"},
		description: "One ticket status of the HappyFox account, looked up by `id` or by exact `name`. A name that " +
			"matches no status or several statuses is an error; to list every status, use `happyfox_statuses`.",
		attributes: statusAttributes,
		what:       "status",
		example:    "On hold",
		list:       listSortedStatuses,
		id:         func(s client.Status) int64 { return s.ID },
		name:       func(s client.Status) string { return s.Name },
		model:      toStatusModel,
	}
}
