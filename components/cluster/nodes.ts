import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { NodeGroupConfig } from "../../stacks/types";
import { IMDS_HOP_LIMIT, NODE_POLICY_ARNS, nodeGroupSettings } from "./options";

/** Amazon Linux 2023: AL2 AMIs are not published for Kubernetes 1.33 and later. */
export const NODE_AMI_TYPE = "AL2023_x86_64_STANDARD";

export interface NodeGroupsArgs {
    clusterName: pulumi.Input<string>;
    /** Kubernetes version of the nodes; the same as the control plane's, so an upgrade rolls the nodes after it. */
    version: string;
    /** Every private subnet (one per AZ): nodes never sit in a public subnet (N2). */
    subnetIds: pulumi.Input<string[]>;
    groups: NodeGroupConfig[];
    tags?: Record<string, string>;
    /** Resources the nodes need before they can become Ready (the CNI, kube-proxy, the Pod Identity agent). */
    dependsOn: pulumi.Resource[];
}

export interface NodeGroupsResult {
    role: aws.iam.Role;
    groups: aws.eks.NodeGroup[];
}

/**
 * The IAM role EC2 nodes run as (`${name}-node`), with the policies a node needs to join and pull images: the managed
 * node groups' and Karpenter's nodes get one each.
 */
export function nodeRole(name: string, description: string, tags: Record<string, string> | undefined, parent: pulumi.Resource) {
    const child = { parent };
    const role = new aws.iam.Role(
        `${name}-node`,
        {
            description,
            assumeRolePolicy: JSON.stringify({
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }],
            }),
            tags,
        },
        child,
    );
    const attachments = NODE_POLICY_ARNS.map(
        (policyArn) =>
            new aws.iam.RolePolicyAttachment(`${name}-node-${policyArn.split("/").pop()}`, { role: role.name, policyArn }, child),
    );
    return { role, attachments };
}

/**
 * Managed node groups as plain aws.eks.NodeGroup resources (visible to tests, policy rules and the cost report), one
 * launch template each for IMDSv2 and an encrypted gp3 root volume. EKS creates the EC2_LINUX access entry of a managed
 * node group's role itself; declaring one too fails with ResourceInUseException, so none is declared here.
 */
export function createNodeGroups(name: string, args: NodeGroupsArgs, parent: pulumi.Resource): NodeGroupsResult {
    const child = { parent };
    const { role, attachments } = nodeRole(name, `EKS managed nodes of ${name}`, args.tags, parent);

    const groups = args.groups.map((group) => {
        const groupName = `${name}-${group.name}`;
        const template = new aws.ec2.LaunchTemplate(
            groupName,
            {
                description: `Nodes of ${groupName}: IMDSv2 only, encrypted gp3 root volume`,
                metadataOptions: {
                    httpEndpoint: "enabled",
                    httpTokens: "required",
                    httpPutResponseHopLimit: IMDS_HOP_LIMIT,
                    instanceMetadataTags: "disabled",
                },
                blockDeviceMappings: [
                    {
                        deviceName: "/dev/xvda",
                        ebs: { volumeSize: group.diskSizeGb, volumeType: "gp3", encrypted: "true", deleteOnTermination: "true" },
                    },
                ],
                // No networkInterfaces block: EKS then attaches the cluster security group, and the private subnets never
                // map public IPs, so nodes get none (N2).
                tagSpecifications: [
                    { resourceType: "instance", tags: { ...args.tags, Name: groupName } },
                    { resourceType: "volume", tags: { ...args.tags, Name: groupName } },
                ],
                updateDefaultVersion: true,
                tags: args.tags,
            },
            child,
        );
        // No nodeGroupName: Pulumi auto-names it, so a change that forces replacement can create the new group
        // before deleting the old one.
        return new aws.eks.NodeGroup(
            groupName,
            {
                clusterName: args.clusterName,
                version: args.version,
                amiType: NODE_AMI_TYPE,
                nodeRoleArn: role.arn,
                subnetIds: args.subnetIds,
                launchTemplate: { id: template.id, version: pulumi.interpolate`${template.latestVersion}` },
                nodeRepairConfig: { enabled: true },
                ...nodeGroupSettings(group),
                tags: args.tags,
            },
            { parent, dependsOn: [...attachments, ...args.dependsOn] },
        );
    });
    return { role, groups };
}
