import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** Arguments of {@link SearchMasterRole}. */
export interface SearchMasterRoleArgs {
    /**
     * Roles that may assume the master role (the stack's admin and CI deploy roles). Plain: it decides the trust policy's
     * shape. Default (empty): the account, so any principal of the account whose own IAM policy allows sts:AssumeRole
     * on this role (an IAM admin) can.
     */
    trustedRoleArns: string[];
    /** Account of the stack, for the account-wide trust when no role is named. */
    accountId: pulumi.Input<string>;
    /** `protect` the role (outside dev): the domain's master user would otherwise point at nothing. */
    protect: boolean;
    /**
     * The one service account that may run as this role through EKS Pod Identity (the in-cluster Job that applies
     * OpenSearch's role mappings). Plain: it decides the trust policy's shape. Default: none, no pod may.
     */
    podIdentity?: MasterPodIdentity;
}

/** A service account of one cluster, named in the trust policy through Pod Identity's session tags. */
export interface MasterPodIdentity {
    clusterName: string;
    namespace: string;
    serviceAccount: string;
}

/**
 * The trust policy of the master role: exactly the named roles, or the account when none is named; and, when given,
 * one service account through EKS Pod Identity. Pod Identity tags every session with the cluster, namespace and
 * service account (session tags are on unless an association disables them), so the conditions admit that one
 * service account of that one cluster in this account, not any association someone might create for this role.
 */
export function searchMasterTrustPolicy(trustedRoleArns: string[], accountId: string, podIdentity?: MasterPodIdentity): string {
    const principals = trustedRoleArns.length > 0 ? [...new Set(trustedRoleArns)].sort() : [`arn:aws:iam::${accountId}:root`];
    const statements: Record<string, unknown>[] = [
        { Effect: "Allow", Principal: { AWS: principals }, Action: ["sts:AssumeRole", "sts:TagSession"] },
    ];
    if (podIdentity) {
        statements.push({
            Sid: "PodIdentity",
            Effect: "Allow",
            Principal: { Service: "pods.eks.amazonaws.com" },
            Action: ["sts:AssumeRole", "sts:TagSession"],
            Condition: {
                StringEquals: {
                    "aws:SourceAccount": accountId,
                    "aws:RequestTag/eks-cluster-name": podIdentity.clusterName,
                    "aws:RequestTag/kubernetes-namespace": podIdentity.namespace,
                    "aws:RequestTag/kubernetes-service-account": podIdentity.serviceAccount,
                },
            },
        });
    }
    return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}

/**
 * The OpenSearch fine-grained-access master user: a role of its own, so the master does not change with whoever runs
 * Pulumi (the preview role in a pull request, the deploy role on main, a person's own role locally), which would show
 * a domain update on every preview and silently make a person's local `up` the master. The in-cluster Job of
 * SearchSecurityMappings runs as it (Pod Identity) to apply the role mappings; admins may assume it to look inside the
 * security plugin (docs/data.md). Its ARN changes only if the role is replaced.
 */
export class SearchMasterRole extends pulumi.ComponentResource {
    public readonly roleArn: pulumi.Output<string>;

    constructor(name: string, args: SearchMasterRoleArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:data:SearchMasterRole", name, {}, opts);
        const role = new aws.iam.Role(
            `${name}-role`,
            {
                description: "OpenSearch fine-grained access control master user (all_access); assume it to map roles",
                assumeRolePolicy: pulumi
                    .output(args.accountId)
                    .apply((account) => searchMasterTrustPolicy(args.trustedRoleArns, account, args.podIdentity)),
                // The role carries no IAM permissions: what it may do is inside OpenSearch, through the domain's access policy.
                maxSessionDuration: 3600,
            },
            { parent: this, protect: args.protect },
        );
        this.roleArn = role.arn;
        this.registerOutputs({ roleArn: this.roleArn });
    }
}
