import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** Arguments of {@link PodIdentityRole}. */
export interface PodIdentityRoleArgs {
    /** EKS cluster the association belongs to. */
    clusterName: pulumi.Input<string>;
    /** Namespace of the service account. */
    namespace: string;
    /** Service account that gets the role. */
    serviceAccount: string;
    /** IAM policy statements the role may use, as JSON documents (inline policy). Default: none. */
    policyDocuments?: pulumi.Input<string>[];
    /** Managed policy ARNs to attach. Default: none. */
    managedPolicyArns?: pulumi.Input<string>[];
}

/**
 * One IAM role for one service account through EKS Pod Identity: no OIDC provider, no trust-policy size limits
 * (aws/containers-roadmap#1408). Every add-on that talks to AWS gets its own, with only what it needs.
 */
export class PodIdentityRole extends pulumi.ComponentResource {
    public readonly roleArn: pulumi.Output<string>;
    public readonly roleName: pulumi.Output<string>;

    constructor(name: string, args: PodIdentityRoleArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:cluster:PodIdentityRole", name, {}, opts);
        const child = { parent: this };
        const role = new aws.iam.Role(
            `${name}-role`,
            {
                assumeRolePolicy: JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Effect: "Allow",
                            Principal: { Service: "pods.eks.amazonaws.com" },
                            Action: ["sts:AssumeRole", "sts:TagSession"],
                        },
                    ],
                }),
                description: `Pod Identity role of ${args.namespace}/${args.serviceAccount}`,
            },
            child,
        );
        (args.policyDocuments ?? []).forEach((policy, i) => {
            new aws.iam.RolePolicy(`${name}-policy-${i}`, { role: role.id, policy }, child);
        });
        (args.managedPolicyArns ?? []).forEach((policyArn, i) => {
            new aws.iam.RolePolicyAttachment(`${name}-attach-${i}`, { role: role.name, policyArn }, child);
        });
        new aws.eks.PodIdentityAssociation(
            `${name}-association`,
            {
                clusterName: args.clusterName,
                namespace: args.namespace,
                serviceAccount: args.serviceAccount,
                roleArn: role.arn,
            },
            child,
        );
        this.roleArn = role.arn;
        this.roleName = role.name;
        this.registerOutputs({ roleArn: this.roleArn });
    }
}
