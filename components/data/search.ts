import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { SearchConfig } from "../../stacks/types";
import { clientOnlySecurityGroup } from "./security-group";

export const SEARCH_HTTPS_PORT = 443;
/** TLS 1.2+ with forward secrecy only (D5). */
export const SEARCH_TLS_POLICY = "Policy-Min-TLS-1-2-PFS-2023-10";
export const SEARCH_LOG_TYPES = ["INDEX_SLOW_LOGS", "SEARCH_SLOW_LOGS", "ES_APPLICATION_LOGS"] as const;
/** Dedicated cluster-manager nodes come in threes: two would lose quorum with one AZ. */
const DEDICATED_MASTER_COUNT = 3;

/** Arguments of {@link Search}. */
export interface SearchArgs {
    /**
     * Domain name, plain so other layers compute the ARN with {@link searchDomainArn} without waiting for the domain
     * (the Pod Identity roles that the access policy names need that ARN: a cycle otherwise). 3-28 characters.
     */
    domainName: string;
    /** VPC of the domain's security group. */
    vpcId: pulumi.Input<string>;
    /** Private subnets, one per AZ; the domain takes the first `settings.zoneCount`. */
    subnetIds: pulumi.Input<string[]>;
    /** Security groups allowed to reach 443, e.g. [the EKS cluster security group]. */
    clientSecurityGroupIds: pulumi.Input<string>[];
    /** Customer-managed key for data at rest (a KmsKey of purpose "opensearch"). */
    kmsKeyArn: pulumi.Input<string>;
    /** The search layer of the stack's config, already validated by stacks/. */
    settings: SearchConfig;
    /** `protect` the domain (outside dev). */
    protect: boolean;
    /** Retention of the domain's log group, in days. */
    logRetentionDays: number;
    /** IAM role that is the fine-grained access control master user (maps to all_access). */
    masterRoleArn: pulumi.Input<string>;
    /** IAM roles admitted by the domain's access policy (Fluent Bit, Jaeger...); FGAC role mappings decide the rest. */
    accessRoleArns: pulumi.Input<string>[];
    /** Instance type of 3 dedicated cluster-manager nodes, e.g. "m6g.large.search". Default: none (data nodes manage). */
    dedicatedMasterType?: string;
    /** KMS key for the log group (its policy must admit logs.<region>.amazonaws.com). Default: CloudWatch's own. */
    logKmsKeyArn?: pulumi.Input<string>;
}

/** arn:aws:es:<region>:<account>:domain/<domainName>: what IAM policies name before the domain exists. */
export function searchDomainArn(region: string, account: string, domainName: string): string {
    return `arn:aws:es:${region}:${account}:domain/${domainName}`;
}

/** OpenSearch's naming rule, checked before anything is declared. */
export function checkDomainName(domainName: string): void {
    if (!/^[a-z][a-z0-9-]{2,27}$/.test(domainName)) {
        throw new Error(
            `Search: domainName "${domainName}" is not an OpenSearch domain name. Use 3-28 characters: a lowercase letter, then lowercase letters, digits or hyphens.`,
        );
    }
}

/** The domain's resource policy: exactly these roles (deduplicated, sorted), es:ESHttp* on the domain's paths. */
export function searchDomainAccessPolicy(domainArn: string, roleArns: string[]): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Principal: { AWS: [...new Set(roleArns)].sort() },
                Action: "es:ESHttp*",
                Resource: `${domainArn}/*`,
            },
        ],
    });
}

/**
 * An OpenSearch domain inside the VPC (D5): encrypted at rest with the layer's key and node to node, HTTPS only with a
 * TLS 1.2+ PFS policy, fine-grained access control with an IAM master role, zone awareness when zoneCount > 1, and
 * slow/application logs in CloudWatch. Clients reach 443 from the client security groups only.
 */
export class Search extends pulumi.ComponentResource {
    public readonly endpoint: pulumi.Output<string>;
    public readonly arn: pulumi.Output<string>;
    public readonly domainName: pulumi.Output<string>;
    public readonly securityGroupId: pulumi.Output<string>;

    constructor(name: string, args: SearchArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:data:Search", name, {}, opts);
        checkDomainName(args.domainName);
        const child = { parent: this };
        const settings = args.settings;
        const zoned = settings.zoneCount > 1;
        const account = aws.getCallerIdentityOutput({}, child).accountId;
        const region = aws.getRegionOutput({}, child).region;
        const domainArn = pulumi.all([region, account]).apply(([r, a]) => searchDomainArn(r, a, args.domainName));

        const sg = clientOnlySecurityGroup(this, `${name}-search`, {
            vpcId: args.vpcId,
            port: SEARCH_HTTPS_PORT,
            clientSecurityGroupIds: args.clientSecurityGroupIds,
            service: "OpenSearch HTTPS",
        });
        const logGroup = new aws.cloudwatch.LogGroup(
            `${name}-logs`,
            {
                name: `/platform/${name}/opensearch/${args.domainName}`,
                retentionInDays: args.logRetentionDays,
                kmsKeyId: args.logKmsKeyArn,
            },
            child,
        );
        // CreateDomain checks that OpenSearch may write to the group, so the policy must exist first. Account-scoped
        // policies are limited to 10 per region: one per environment fits.
        const logPolicy = new aws.cloudwatch.LogResourcePolicy(
            `${name}-logs`,
            {
                policyName: `opensearch-${args.domainName}-logs`,
                policyDocument: pulumi.all([logGroup.arn, account, domainArn]).apply(([groupArn, acct, arn]) =>
                    JSON.stringify({
                        Version: "2012-10-17",
                        Statement: [
                            {
                                Effect: "Allow",
                                Principal: { Service: "es.amazonaws.com" },
                                Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
                                Resource: `${groupArn}:*`,
                                Condition: { StringEquals: { "aws:SourceAccount": acct }, ArnLike: { "aws:SourceArn": arn } },
                            },
                        ],
                    }),
                ),
            },
            child,
        );

        const domain = new aws.opensearch.Domain(
            `${name}-domain`,
            {
                domainName: args.domainName,
                engineVersion: settings.engineVersion,
                clusterConfig: {
                    instanceType: settings.instanceType,
                    instanceCount: settings.instanceCount,
                    zoneAwarenessEnabled: zoned,
                    zoneAwarenessConfig: zoned ? { availabilityZoneCount: settings.zoneCount } : undefined,
                    dedicatedMasterEnabled: args.dedicatedMasterType !== undefined,
                    dedicatedMasterType: args.dedicatedMasterType,
                    dedicatedMasterCount: args.dedicatedMasterType !== undefined ? DEDICATED_MASTER_COUNT : undefined,
                },
                ebsOptions: { ebsEnabled: true, volumeType: "gp3", volumeSize: settings.volumeSizeGb },
                vpcOptions: {
                    subnetIds: pulumi.output(args.subnetIds).apply((ids) => ids.slice(0, settings.zoneCount)),
                    securityGroupIds: [sg.id],
                },
                encryptAtRest: { enabled: true, kmsKeyId: args.kmsKeyArn },
                nodeToNodeEncryption: { enabled: true },
                domainEndpointOptions: { enforceHttps: true, tlsSecurityPolicy: SEARCH_TLS_POLICY },
                advancedSecurityOptions: {
                    enabled: true,
                    anonymousAuthEnabled: false,
                    internalUserDatabaseEnabled: false,
                    masterUserOptions: { masterUserArn: args.masterRoleArn },
                },
                accessPolicies: pulumi
                    .all([domainArn, pulumi.all(args.accessRoleArns), args.masterRoleArn])
                    .apply(([arn, roles, master]) => searchDomainAccessPolicy(arn, [...roles, master])),
                logPublishingOptions: SEARCH_LOG_TYPES.map((logType) => ({ logType, enabled: true, cloudwatchLogGroupArn: logGroup.arn })),
                // Service software patches (security fixes) land in the off-peak window instead of waiting for a click.
                softwareUpdateOptions: { autoSoftwareUpdateEnabled: true },
            },
            { parent: this, protect: args.protect, dependsOn: [logPolicy] },
        );

        this.endpoint = domain.endpoint;
        this.arn = domain.arn;
        this.domainName = domain.domainName;
        this.securityGroupId = sg.id;
        this.registerOutputs({
            endpoint: this.endpoint,
            arn: this.arn,
            domainName: this.domainName,
            securityGroupId: this.securityGroupId,
        });
    }
}
