import { MOCK_ACCOUNT, MOCK_REGION, mockArn, mockHost, mockId } from "../fakes";
import type { MockTable } from "./types";

/** A kubeconfig of the shape pulumi-eks produces, pointing at a fake endpoint. */
export function mockKubeconfig(clusterName: string, endpoint: string): Record<string, unknown> {
    return {
        apiVersion: "v1",
        kind: "Config",
        clusters: [{ name: clusterName, cluster: { server: endpoint, "certificate-authority-data": "bW9jay1jYQ==" } }],
        contexts: [{ name: "aws", context: { cluster: clusterName, user: "aws" } }],
        "current-context": "aws",
        users: [
            {
                name: "aws",
                user: {
                    exec: {
                        apiVersion: "client.authentication.k8s.io/v1beta1",
                        command: "aws",
                        args: ["eks", "get-token", "--cluster-name", clusterName],
                    },
                },
            },
        ],
    };
}

/**
 * Mocked outputs of the cluster layer. eks:index:Cluster is a remote component: under mocks it registers once and its
 * outputs are exactly what this returns (none of its children exist).
 */
export const cluster: MockTable = {
    resources: {
        "eks:index:Cluster": (name, inputs) => {
            const clusterName = inputs.name ?? `${name}-eksCluster-mock`;
            const endpoint = `https://${mockHost(clusterName, "eks")}`;
            const clusterSecurityGroupId = mockId("sg", `${name}-eks-cluster`);
            const issuer = `https://oidc.eks.${MOCK_REGION}.amazonaws.com/id/MOCK${name.toUpperCase().replace(/[^A-Z0-9]/g, "")}`;
            const eksCluster = {
                name: clusterName,
                arn: mockArn("eks", `cluster/${clusterName}`),
                endpoint,
                version: inputs.version,
                vpcConfig: { clusterSecurityGroupId, vpcId: inputs.vpcId, subnetIds: inputs.privateSubnetIds },
                identities: [{ oidcs: [{ issuer }] }],
                certificateAuthority: { data: "bW9jay1jYQ==" },
            };
            const kubeconfig = mockKubeconfig(clusterName, endpoint);
            return {
                eksCluster,
                kubeconfig,
                kubeconfigJson: JSON.stringify(kubeconfig),
                clusterSecurityGroupId,
                nodeSecurityGroupId: clusterSecurityGroupId,
                core: {
                    cluster: eksCluster,
                    endpoint,
                    clusterSecurityGroupId,
                    vpcId: inputs.vpcId,
                    privateSubnetIds: inputs.privateSubnetIds,
                },
                oidcIssuer: issuer.replace("https://", ""),
                oidcProviderArn: "",
                oidcProviderUrl: issuer,
                defaultNodeGroupAsgName: "",
            };
        },
        "aws:eks/nodeGroup:NodeGroup": (name) => ({
            id: mockId("ng", name),
            resources: [{ autoscalingGroups: [{ name: `eks-${name}-mock-asg` }], remoteAccessSecurityGroupId: "" }],
            status: "ACTIVE",
        }),
        "aws:ec2/launchTemplate:LaunchTemplate": (name) => ({ id: mockId("lt", name), latestVersion: 1, defaultVersion: 1 }),
        "aws:eks/addon:Addon": (name, inputs) => ({ arn: mockArn("eks", `addon/${inputs.clusterName}/${inputs.addonName}/mock-${name}`) }),
        "aws:eks/accessEntry:AccessEntry": (name, inputs) => ({
            accessEntryArn: mockArn("eks", `access-entry/${inputs.clusterName}/mock-${name}`),
            userName: inputs.principalArn,
        }),
        "aws:eks/podIdentityAssociation:PodIdentityAssociation": (name) => ({
            associationId: `a-mock-${name}`,
            associationArn: mockArn("eks", `podidentityassociation/mock-${name}`),
        }),
        "aws:iam/rolePolicyAttachment:RolePolicyAttachment": (name) => ({ id: mockId("attach", name) }),
    },
    calls: {},
};

export const MOCK_DEPLOYER_ARN = `arn:aws:iam::${MOCK_ACCOUNT}:role/mock-deployer`;
