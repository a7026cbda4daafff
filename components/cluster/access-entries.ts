import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { throwIfProblems } from "../../stacks/predicates";
import { accessProblems } from "../../stacks/rules";
import type { AccessConfig } from "../../stacks/types";
import { DEVELOPER_GROUP } from "../platform-names";
import { CLUSTER_ADMIN_POLICY_ARN, PREVIEW_POLICY_ARN, principalKeys } from "./options";

export interface AccessEntries {
    /** Admin and CI deploy roles. */
    admins: aws.eks.AccessEntry[];
    /** Their cluster-admin associations: what a deployer needs before the Kubernetes provider applies anything. */
    adminPolicies: aws.eks.AccessPolicyAssociation[];
    previewers: aws.eks.AccessEntry[];
    developers: aws.eks.AccessEntry[];
}

/** Throws when a principal is listed twice or in two lists: EKS allows one access entry per principal. */
export function checkAccess(access: Partial<AccessConfig>): void {
    const problems = accessProblems(access);
    throwIfProblems(
        "Cluster access",
        problems.map((p) => p.text),
    );
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
 *
 * CI: deploy roles are admins (`pulumi up` creates and deletes anything). Preview roles get AmazonEKSAdminViewPolicy,
 * read-only with Secrets: Helm keeps release state in Secrets, and without `patch` the Kubernetes provider's
 * server-side-apply dry runs are forbidden, so it falls back to a client-side preview (pulumi/pulumi-kubernetes#2419)
 * instead of giving the code of every pull request write access to the cluster (docs/cluster.md, "CI roles").
 */
export function createAccessEntries(
    name: string,
    clusterName: pulumi.Input<string>,
    access: AccessConfig,
    parent: pulumi.Resource,
    tags?: Record<string, string>,
): AccessEntries {
    checkAccess(access);
    const keys = principalKeys([
        ...access.adminRoleArns,
        ...access.ciDeployRoleArns,
        ...access.ciPreviewRoleArns,
        ...access.developerRoleArns,
    ]);
    const adminPolicies: aws.eks.AccessPolicyAssociation[] = [];
    const withPolicy = (role: string, policyArn: string, policies: aws.eks.AccessPolicyAssociation[]) => (principalArn: string) => {
        const key = `${name}-${role}-${keys.get(principalArn)}`;
        const entry = new aws.eks.AccessEntry(key, { clusterName, principalArn, type: "STANDARD", tags }, { parent });
        policies.push(
            new aws.eks.AccessPolicyAssociation(
                key,
                {
                    clusterName,
                    principalArn: entry.principalArn,
                    policyArn,
                    accessScope: { type: "cluster" },
                },
                { parent },
            ),
        );
        return entry;
    };
    const admins = [
        ...access.adminRoleArns.map(withPolicy("admin", CLUSTER_ADMIN_POLICY_ARN, adminPolicies)),
        ...access.ciDeployRoleArns.map(withPolicy("ci-deploy", CLUSTER_ADMIN_POLICY_ARN, adminPolicies)),
    ];
    const previewers = access.ciPreviewRoleArns.map(withPolicy("ci-preview", PREVIEW_POLICY_ARN, []));
    const developers = access.developerRoleArns.map(
        (principalArn) =>
            new aws.eks.AccessEntry(
                `${name}-developer-${keys.get(principalArn)}`,
                {
                    clusterName,
                    principalArn,
                    type: "STANDARD",
                    kubernetesGroups: [DEVELOPER_GROUP],
                    tags,
                },
                { parent },
            ),
    );
    return { admins, adminPolicies, previewers, developers };
}
