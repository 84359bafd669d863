resource "google_storage_bucket" "sales" {
  name     = "acme-sales"
  location = "EU"
}

resource "google_container_node_pool" "forecast" {
  name       = "demand-forecast"
  cluster    = "acme-prod"
  node_count = 2

  autoscaling {
    min_node_count = 2
    max_node_count = 6
  }
}
