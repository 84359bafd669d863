terraform {
  required_version = ">= 1.6"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.70"
    }
  }
  backend "s3" {
    bucket = "acme-terraform-state"
    key    = "ml/inventory-anomaly-detector.tfstate"
    region = "eu-central-1"
  }
}

provider "aws" {
  region = var.region
  default_tags {
    tags = {
      service     = "inventory-anomaly-detector"
      team        = "forecasting-ml"
      cost-center = var.cost_center
    }
  }
}

resource "aws_s3_bucket" "pipeline" {
  bucket = "acme-ml-inventory-anomaly"
}

resource "aws_s3_bucket_lifecycle_configuration" "pipeline" {
  bucket = aws_s3_bucket.pipeline.id
  rule {
    id     = "expire-ledger-extracts"
    status = "Enabled"
    filter {
      prefix = "ledger/"
    }
    expiration {
      days = 90
    }
  }
}

resource "aws_ecr_repository" "service" {
  name                 = "forecasting/inventory-anomaly-detector"
  image_tag_mutability = "IMMUTABLE"
  image_scanning_configuration {
    scan_on_push = true
  }
}

data "aws_iam_policy_document" "sagemaker_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["sagemaker.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "pipeline" {
  name               = "inventory-anomaly-pipeline"
  assume_role_policy = data.aws_iam_policy_document.sagemaker_assume.json
}

resource "aws_iam_role_policy" "pipeline_bucket" {
  role = aws_iam_role.pipeline.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["s3:GetObject", "s3:PutObject", "s3:ListBucket"]
      Resource = [aws_s3_bucket.pipeline.arn, "${aws_s3_bucket.pipeline.arn}/*"]
    }]
  })
}

resource "aws_iam_role_policy_attachment" "pipeline_mlflow" {
  role       = aws_iam_role.pipeline.name
  policy_arn = var.mlflow_access_policy_arn
}
