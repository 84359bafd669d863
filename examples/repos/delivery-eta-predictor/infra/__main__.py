"""Pulumi program: artefact bucket for MLflow runs and an IRSA role for the serving pods."""

import json

import pulumi
import pulumi_aws as aws

config = pulumi.Config()
oidc_provider_arn = config.require("eksOidcProviderArn")
oidc_issuer = config.require("eksOidcIssuer")
tags = {"service": "delivery-eta-predictor", "team": "forecasting-ml", "cost-center": "CC-5310"}

artifacts = aws.s3.BucketV2("delivery-eta-artifacts", bucket="acme-ml-delivery-eta", tags=tags)
aws.s3.BucketVersioningV2(
    "delivery-eta-artifacts-versioning",
    bucket=artifacts.id,
    versioning_configuration={"status": "Enabled"},
)
aws.s3.BucketPublicAccessBlock(
    "delivery-eta-artifacts-private",
    bucket=artifacts.id,
    block_public_acls=True,
    block_public_policy=True,
    ignore_public_acls=True,
    restrict_public_buckets=True,
)

pod_role = aws.iam.Role(
    "delivery-eta-pods",
    assume_role_policy=json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": {"Federated": oidc_provider_arn},
                    "Action": "sts:AssumeRoleWithWebIdentity",
                    "Condition": {"StringEquals": {f"{oidc_issuer}:sub": "system:serviceaccount:lastmile:delivery-eta"}},
                }
            ],
        }
    ),
    tags=tags,
)
aws.iam.RolePolicy(
    "delivery-eta-pods-read-artifacts",
    role=pod_role.id,
    policy=artifacts.arn.apply(
        lambda arn: json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": [arn, f"{arn}/*"]}],
            }
        )
    ),
)

pulumi.export("artifact_bucket", artifacts.bucket)
pulumi.export("pod_role_arn", pod_role.arn)
