import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { accessProblems } from "../../stacks/rules";
import { AccessConfig } from "../../stacks/types";
import { CLUSTER_ADMIN_POLICY_ARN, DEVELOPER_GROUP, principalKeys } from "./options";

export interface AccessEntries {
    admins: aws.eks.AccessEntry[];
    adminPolicies: aws.eks.AccessPolicyAssociation[];
    developers: aws.eks.AccessEntry[];
}

/** Throws when a principal is listed twice or as both admin and developer: EKS allows one access entry per principal. */
export function checkAccess(access: AccessConfig): void {
    const problems = accessProblems(access);
    if (problems.length > 0) throw new Error(problems.join("\n"));
}

/**
 * Access entries (authenticationMode API, no aws-auth): admins get AmazonEKSClusterAdminPolicy cluster-wide;
 * developers get the DEVELOPER_GROUP Kubernetes group and no access policy, so all they can do is what the namespaced
 * RoleBindings of the tenancy layer grant (E7).
 *
 * The role that creates the cluster gets its admin entry from EKS itself: pulumi-eks hard-codes
 * bootstrapClusterCreatorAdminPermissions (pulumi/pulumi-eks#2373), and a second entry for the same principal fails with
 * ResourceInUseException. So that role is not declared here, and must not be listed in access.adminRoleArns for the
 * first `pulumi up` (docs/cluster.md).
 */
export function createAccessEntries(name: string, clusterName: pulumi.Input<string>, access: AccessConfig, parent: pulumi.Resource,
    tags?: Record<string, string>): AccessEntries {
    checkAccess(access);
    const keys = principalKeys([...access.adminRoleArns, ...access.developerRoleArns]);
    const adminPolicies: aws.eks.AccessPolicyAssociation[] = [];
    const admins = access.adminRoleArns.map((principalArn) => {
        const key = `${name}-admin-${keys.get(principalArn)}`;
        const entry = new aws.eks.AccessEntry(key, { clusterName, principalArn, type: "STANDARD", tags }, { parent });
        adminPolicies.push(new aws.eks.AccessPolicyAssociation(key, {
            clusterName,
            principalArn: entry.principalArn,
            policyArn: CLUSTER_ADMIN_POLICY_ARN,
            accessScope: { type: "cluster" },
        }, { parent }));
        return entry;
    });
    const developers = access.developerRoleArns.map((principalArn) => new aws.eks.AccessEntry(`${name}-developer-${keys.get(principalArn)}`, {
        clusterName,
        principalArn,
        type: "STANDARD",
        kubernetesGroups: [DEVELOPER_GROUP],
        tags,
    }, { parent }));
    return { admins, adminPolicies, developers };
}
