variable "region" {
  type    = string
  default = "eu-central-1"
}

variable "cost_center" {
  type    = string
  default = "CC-5230"
}

variable "mlflow_access_policy_arn" {
  description = "Policy of the shared SageMaker MLflow tracking server, owned by ml-platform"
  type        = string
}
