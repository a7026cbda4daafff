/**
 * The Karpenter controller's IAM policy and the node role's managed policies, transcribed from upstream's
 * CloudFormation for v1.14 (aws/karpenter-provider-aws, website/content/en/v1.14/getting-started/
 * getting-started-with-karpenter/cloudformation.yaml at 1d927085d): every write scoped to resources tagged
 * `kubernetes.io/cluster/<cluster>: owned` and a NodePool/EC2NodeClass tag, iam:PassRole on the node role only, SQS on
 * the interruption queue only. Left out: the zonal-shift read (settings.enableZonalShift stays false).
 */

export interface ControllerPolicyArgs {
    partition: string;
    region: string;
    accountId: string;
    clusterName: string;
    /** The role Karpenter's nodes run as (EC2NodeClass spec.role). */
    nodeRoleArn: string;
    interruptionQueueArn: string;
}

/** The controller's policy document (one inline policy: well under the 10,240-character inline limit). */
export function controllerPolicy(a: ControllerPolicyArgs): Record<string, any> {
    const ec2 = (resource: string, account = "*") => `arn:${a.partition}:ec2:${a.region}:${account}:${resource}`;
    const profile = `arn:${a.partition}:iam::${a.accountId}:instance-profile/*`;
    const owned = `kubernetes.io/cluster/${a.clusterName}`;
    const launched = [
        ec2("fleet/*"),
        ec2("instance/*"),
        ec2("volume/*"),
        ec2("network-interface/*"),
        ec2("launch-template/*"),
        ec2("spot-instances-request/*"),
    ];
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "AllowScopedEC2InstanceAccessActions",
                Effect: "Allow",
                Action: ["ec2:RunInstances", "ec2:CreateFleet"],
                Resource: [
                    `arn:${a.partition}:ec2:${a.region}::image/*`,
                    `arn:${a.partition}:ec2:${a.region}::snapshot/*`,
                    ec2("security-group/*"),
                    ec2("subnet/*"),
                    ec2("capacity-reservation/*"),
                    ec2("placement-group/*"),
                ],
            },
            {
                Sid: "AllowScopedEC2LaunchTemplateAccessActions",
                Effect: "Allow",
                Action: ["ec2:RunInstances", "ec2:CreateFleet"],
                Resource: ec2("launch-template/*"),
                Condition: {
                    StringEquals: { [`aws:ResourceTag/${owned}`]: "owned" },
                    StringLike: { "aws:ResourceTag/karpenter.sh/nodepool": "*" },
                },
            },
            {
                Sid: "AllowScopedEC2InstanceActionsWithTags",
                Effect: "Allow",
                Action: ["ec2:RunInstances", "ec2:CreateFleet", "ec2:CreateLaunchTemplate"],
                Resource: launched,
                Condition: {
                    StringEquals: { [`aws:RequestTag/${owned}`]: "owned", "aws:RequestTag/eks:eks-cluster-name": a.clusterName },
                    StringLike: { "aws:RequestTag/karpenter.sh/nodepool": "*" },
                },
            },
            {
                Sid: "AllowScopedResourceCreationTagging",
                Effect: "Allow",
                Action: "ec2:CreateTags",
                Resource: launched,
                Condition: {
                    StringEquals: {
                        [`aws:RequestTag/${owned}`]: "owned",
                        "aws:RequestTag/eks:eks-cluster-name": a.clusterName,
                        "ec2:CreateAction": ["RunInstances", "CreateFleet", "CreateLaunchTemplate"],
                    },
                    StringLike: { "aws:RequestTag/karpenter.sh/nodepool": "*" },
                },
            },
            {
                Sid: "AllowScopedResourceTagging",
                Effect: "Allow",
                Action: "ec2:CreateTags",
                Resource: ec2("instance/*"),
                Condition: {
                    StringEquals: { [`aws:ResourceTag/${owned}`]: "owned" },
                    StringLike: { "aws:ResourceTag/karpenter.sh/nodepool": "*" },
                    StringEqualsIfExists: { "aws:RequestTag/eks:eks-cluster-name": a.clusterName },
                    "ForAllValues:StringEquals": { "aws:TagKeys": ["eks:eks-cluster-name", "karpenter.sh/nodeclaim", "Name"] },
                },
            },
            {
                Sid: "AllowScopedDeletion",
                Effect: "Allow",
                Action: ["ec2:TerminateInstances", "ec2:DeleteLaunchTemplate"],
                Resource: [ec2("instance/*"), ec2("launch-template/*")],
                Condition: {
                    StringEquals: { [`aws:ResourceTag/${owned}`]: "owned" },
                    StringLike: { "aws:ResourceTag/karpenter.sh/nodepool": "*" },
                },
            },
            {
                Sid: "AllowPassingInstanceRole",
                Effect: "Allow",
                Action: "iam:PassRole",
                Resource: a.nodeRoleArn,
                Condition: { StringEquals: { "iam:PassedToService": "ec2.amazonaws.com" } },
            },
            {
                Sid: "AllowScopedInstanceProfileCreationActions",
                Effect: "Allow",
                Action: "iam:CreateInstanceProfile",
                Resource: profile,
                Condition: {
                    StringEquals: {
                        [`aws:RequestTag/${owned}`]: "owned",
                        "aws:RequestTag/eks:eks-cluster-name": a.clusterName,
                        "aws:RequestTag/topology.kubernetes.io/region": a.region,
                    },
                    StringLike: { "aws:RequestTag/karpenter.k8s.aws/ec2nodeclass": "*" },
                },
            },
            {
                Sid: "AllowScopedInstanceProfileTagActions",
                Effect: "Allow",
                Action: "iam:TagInstanceProfile",
                Resource: profile,
                Condition: {
                    StringEquals: {
                        [`aws:ResourceTag/${owned}`]: "owned",
                        "aws:ResourceTag/topology.kubernetes.io/region": a.region,
                        [`aws:RequestTag/${owned}`]: "owned",
                        "aws:RequestTag/eks:eks-cluster-name": a.clusterName,
                        "aws:RequestTag/topology.kubernetes.io/region": a.region,
                    },
                    StringLike: {
                        "aws:ResourceTag/karpenter.k8s.aws/ec2nodeclass": "*",
                        "aws:RequestTag/karpenter.k8s.aws/ec2nodeclass": "*",
                    },
                },
            },
            {
                Sid: "AllowScopedInstanceProfileActions",
                Effect: "Allow",
                Action: ["iam:AddRoleToInstanceProfile", "iam:RemoveRoleFromInstanceProfile", "iam:DeleteInstanceProfile"],
                Resource: profile,
                Condition: {
                    StringEquals: { [`aws:ResourceTag/${owned}`]: "owned", "aws:ResourceTag/topology.kubernetes.io/region": a.region },
                    StringLike: { "aws:ResourceTag/karpenter.k8s.aws/ec2nodeclass": "*" },
                },
            },
            {
                Sid: "AllowAPIServerEndpointDiscovery",
                Effect: "Allow",
                Action: "eks:DescribeCluster",
                Resource: `arn:${a.partition}:eks:${a.region}:${a.accountId}:cluster/${a.clusterName}`,
            },
            {
                Sid: "AllowInterruptionQueueActions",
                Effect: "Allow",
                Action: ["sqs:DeleteMessage", "sqs:GetQueueUrl", "sqs:ReceiveMessage"],
                Resource: a.interruptionQueueArn,
            },
            {
                Sid: "AllowRegionalReadActions",
                Effect: "Allow",
                Resource: "*",
                Action: [
                    "ec2:DescribeCapacityReservations",
                    "ec2:DescribeImages",
                    "ec2:DescribeInstances",
                    "ec2:DescribeInstanceStatus",
                    "ec2:DescribeInstanceTypeOfferings",
                    "ec2:DescribeInstanceTypes",
                    "ec2:DescribeLaunchTemplates",
                    "ec2:DescribePlacementGroups",
                    "ec2:DescribeSecurityGroups",
                    "ec2:DescribeSpotPriceHistory",
                    "ec2:DescribeSubnets",
                ],
                Condition: { StringEquals: { "aws:RequestedRegion": a.region } },
            },
            {
                Sid: "AllowSSMReadActions",
                Effect: "Allow",
                Action: "ssm:GetParameter",
                Resource: `arn:${a.partition}:ssm:${a.region}::parameter/aws/service/*`,
            },
            { Sid: "AllowPricingReadActions", Effect: "Allow", Action: "pricing:GetProducts", Resource: "*" },
            { Sid: "AllowUnscopedInstanceProfileListAction", Effect: "Allow", Action: "iam:ListInstanceProfiles", Resource: "*" },
            { Sid: "AllowInstanceProfileReadActions", Effect: "Allow", Action: "iam:GetInstanceProfile", Resource: profile },
        ],
    };
}
