import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** Arguments of {@link KmsKey}. */
export interface KmsKeyArgs {
    /** What the key protects, e.g. "rds"; becomes part of the alias alias/<aliasPrefix>-<purpose>. */
    purpose: string;
    /** Alias prefix, e.g. "platform-dev". */
    aliasPrefix: string;
    /** AWS services (e.g. "logs.us-east-1.amazonaws.com") that may use the key on the account's behalf. Default: none. */
    servicePrincipals?: pulumi.Input<string>[];
    /** `protect` the key (tier: outside dev). Losing a key loses everything it encrypted. */
    protect: boolean;
    /** Days before a scheduled deletion takes effect: 30 outside dev, 7 in dev. */
    deletionWindowInDays: number;
}

/**
 * A customer-managed key per purpose (RDS, MSK, OpenSearch, EKS secrets, logs, SOPS) rather than one per environment:
 * a key policy can then name exactly the services and roles of that purpose, and revoking one purpose does not touch
 * the others. Rotation is on (CIS 5.3.1).
 */
export class KmsKey extends pulumi.ComponentResource {
    public readonly arn: pulumi.Output<string>;
    public readonly keyId: pulumi.Output<string>;
    public readonly aliasName: pulumi.Output<string>;

    constructor(name: string, args: KmsKeyArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:data:KmsKey", name, {}, opts);
        const identity = aws.getCallerIdentityOutput({}, { parent: this });
        const services = args.servicePrincipals ?? [];
        const policy = pulumi
            .all([identity.accountId, pulumi.all(services)])
            .apply(([account, principals]) => keyPolicy(account, principals));
        const key = new aws.kms.Key(
            `${name}-key`,
            {
                description: `${args.aliasPrefix} ${args.purpose}`,
                enableKeyRotation: true,
                deletionWindowInDays: args.deletionWindowInDays,
                policy,
            },
            { parent: this, protect: args.protect },
        );
        const alias = new aws.kms.Alias(
            `${name}-alias`,
            { name: `alias/${args.aliasPrefix}-${args.purpose}`, targetKeyId: key.keyId },
            { parent: this },
        );
        this.arn = key.arn;
        this.keyId = key.keyId;
        this.aliasName = alias.name;
        this.registerOutputs({ arn: this.arn, aliasName: this.aliasName });
    }
}

const SERVICE_ACTIONS = ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"];

/**
 * The key policy: the account administers the key; each service principal may use it for this account only.
 * CloudWatch Logs is scoped by the encryption context it sends (the log group ARN), as its documentation prescribes;
 * it does not promise aws:SourceAccount on its KMS calls, so that condition could lock log groups out of their key.
 */
export function keyPolicy(account: string, principals: string[]): string {
    const logs = principals.filter((p) => /^logs\.[a-z0-9-]+\.amazonaws\.com$/.test(p));
    const others = principals.filter((p) => !logs.includes(p));
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            { Sid: "AccountAdmin", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: "kms:*", Resource: "*" },
            ...(others.length > 0
                ? [
                      {
                          Sid: "Services",
                          Effect: "Allow",
                          Principal: { Service: others },
                          Action: SERVICE_ACTIONS,
                          Resource: "*",
                          Condition: { StringEquals: { "aws:SourceAccount": account } },
                      },
                  ]
                : []),
            ...(logs.length > 0
                ? [
                      {
                          Sid: "CloudWatchLogs",
                          Effect: "Allow",
                          Principal: { Service: logs },
                          Action: SERVICE_ACTIONS,
                          Resource: "*",
                          Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:*:${account}:log-group:*` } },
                      },
                  ]
                : []),
        ],
    });
}
