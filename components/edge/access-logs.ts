import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** Key prefix of the ALB's log objects: <bucket>/alb/AWSLogs/<account>/elasticloadbalancing/... */
export const ACCESS_LOG_PREFIX = "alb";
/** The ELB log delivery service principal; AWS now recommends it over the per-region ELB account ids in every region. */
export const ELB_LOG_DELIVERY_PRINCIPAL = "logdelivery.elasticloadbalancing.amazonaws.com";

/** What {@link accessLogBucket} needs. */
export interface AccessLogBucketArgs {
    /** Days before a log object expires. */
    retentionDays: number;
    /**
     * True outside dev: the bucket and its settings are `protect`ed and the bucket refuses to be destroyed while it
     * holds logs (the ALB's access logs are the audit trail of who called what).
     */
    keepOnDestroy: boolean;
}

/**
 * Options of the bucket and of each of its settings (policy, public access block, ownership, encryption, lifecycle):
 * `protect` when kept. The settings go with the bucket: a kept bucket without its policy receives no logs, without its
 * public access block it could be opened, without its lifecycle rule it keeps logs for ever.
 */
export function accessLogOptions(parent: pulumi.Resource, keep: boolean): pulumi.CustomResourceOptions {
    return { parent, protect: keep };
}

/** The bucket policy: ELB log delivery may write under the prefix; nobody may use plain HTTP. */
export function accessLogPolicy(bucketArn: string, accountId: string): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "ElbLogDelivery",
                Effect: "Allow",
                Principal: { Service: ELB_LOG_DELIVERY_PRINCIPAL },
                Action: "s3:PutObject",
                Resource: `${bucketArn}/${ACCESS_LOG_PREFIX}/AWSLogs/${accountId}/*`,
            },
            {
                Sid: "DenyInsecureTransport",
                Effect: "Deny",
                Principal: "*",
                Action: "s3:*",
                Resource: [bucketArn, `${bucketArn}/*`],
                Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
        ],
    });
}

/**
 * The ALB's access-log bucket: private, owner-enforced, SSE-S3 (ALB log delivery does not support SSE-KMS),
 * objects expiring after `retentionDays`. Returns the bucket policy too: the ALB must wait for it, or enabling
 * access logs fails with "Access Denied for bucket".
 */
export function accessLogBucket(
    parent: pulumi.Resource,
    name: string,
    args: AccessLogBucketArgs,
): { bucket: aws.s3.Bucket; policy: aws.s3.BucketPolicy } {
    const child = accessLogOptions(parent, args.keepOnDestroy);
    const bucket = new aws.s3.Bucket(
        `${name}-access-logs`,
        {
            // In dev a destroy should not stop at a bucket full of logs.
            forceDestroy: !args.keepOnDestroy,
            tags: { Name: `${name}-access-logs` },
        },
        child,
    );
    new aws.s3.BucketOwnershipControls(
        `${name}-access-logs`,
        { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } },
        child,
    );
    const publicAccess = new aws.s3.BucketPublicAccessBlock(
        `${name}-access-logs`,
        {
            bucket: bucket.id,
            blockPublicAcls: true,
            blockPublicPolicy: true,
            ignorePublicAcls: true,
            restrictPublicBuckets: true,
        },
        child,
    );
    new aws.s3.BucketServerSideEncryptionConfiguration(
        `${name}-access-logs`,
        {
            bucket: bucket.id,
            rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
        },
        child,
    );
    new aws.s3.BucketLifecycleConfiguration(
        `${name}-access-logs`,
        {
            bucket: bucket.id,
            rules: [
                {
                    id: "expire-access-logs",
                    status: "Enabled",
                    filter: { prefix: `${ACCESS_LOG_PREFIX}/` },
                    expiration: { days: args.retentionDays },
                    abortIncompleteMultipartUpload: { daysAfterInitiation: 1 },
                },
            ],
        },
        child,
    );
    const accountId = aws.getCallerIdentityOutput({}, { parent }).accountId;
    // S3 rejects concurrent writes of a bucket's policy and public access block (OperationAborted): one after the other.
    const policy = new aws.s3.BucketPolicy(
        `${name}-access-logs`,
        {
            bucket: bucket.id,
            policy: pulumi.all([bucket.arn, accountId]).apply(([arn, account]) => accessLogPolicy(arn, account)),
        },
        { ...child, dependsOn: [publicAccess] },
    );
    return { bucket, policy };
}
