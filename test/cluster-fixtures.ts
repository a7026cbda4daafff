import * as pulumi from "@pulumi/pulumi";
import { Cluster } from "../components/cluster";
import { Tenancy, type TenancyArgs } from "../components/tenancy";
import type { AccessConfig, ClusterConfig, Tier } from "../stacks/types";
import { TIER_DEFAULTS } from "../stacks/tiers";
import { MOCK_ACCOUNT } from "../offline/engine/fakes";
import { runComponent } from "../offline/engine/program";
import type { Registry } from "../offline/engine/registry";

/** Shared by the cluster, tenancy, policy and schema tests: one Cluster per tier, and a Cluster with its Tenancy. */
export const NAME = "t-cluster";
export const ADMIN = `arn:aws:iam::${MOCK_ACCOUNT}:role/PlatformAdmin`;
export const DEVELOPER = `arn:aws:iam::${MOCK_ACCOUNT}:role/Developer`;
export const SUBNETS = ["subnet-mock-private-0", "subnet-mock-private-1", "subnet-mock-private-2"];
export const KEY = `arn:aws:kms:us-east-1:${MOCK_ACCOUNT}:key/mock-eks-secrets`;

export function settingsFor(tier: Tier, overrides: Partial<ClusterConfig> = {}): ClusterConfig {
    const d = TIER_DEFAULTS[tier].cluster;
    return {
        version: d.version,
        publicAccessCidrs: tier === "prod" ? [] : ["203.0.113.0/24"],
        logRetentionDays: d.logRetentionDays,
        containerInsights: d.containerInsights,
        nodeGroups: [{ name: "general", ...d.nodeGroup }],
        ...overrides,
    };
}

export const ACCESS: AccessConfig = {
    adminRoleArns: [ADMIN],
    developerRoleArns: [DEVELOPER],
    ciDeployRoleArns: [],
    ciPreviewRoleArns: [],
    developerNamespaces: ["dev"],
};

/** Runs one Cluster for a tier and returns its registry (component tests share this with the tenancy tests). */
export function runCluster(tier: Tier, overrides: Partial<ClusterConfig> = {}, access: AccessConfig = ACCESS): Promise<Registry> {
    return runComponent(
        () => {
            const c = new Cluster(NAME, {
                clusterName: `platform-${tier}`,
                vpcId: "vpc-mock",
                privateSubnetIds: SUBNETS,
                settings: settingsFor(tier, overrides),
                access,
                secretsKmsKeyArn: KEY,
                protect: TIER_DEFAULTS[tier].protect,
            });
            return {
                clusterName: c.clusterName,
                endpoint: c.endpoint,
                kubeconfig: c.kubeconfig,
                clusterSecurityGroupId: c.clusterSecurityGroupId,
                nodeRoleArn: c.nodeRoleArn,
                nodeGroupAsgNames: c.nodeGroupAsgNames,
                deployerRoleArn: c.deployerRoleArn,
                nodeGroupCount: c.nodeGroupCount,
            };
        },
        { stack: tier },
    );
}

export const TOKEN = "dckr_pat_mock-token-000000";
export type TenancyOverrides = Partial<Omit<TenancyArgs, "provider">>;

/** A Cluster and the Tenancy on its provider, the way index.ts wires them. */
export function runTenancy(overrides: TenancyOverrides = {}): Promise<Registry> {
    return runComponent(
        () => {
            const cluster = new Cluster(NAME, {
                clusterName: "platform-dev",
                vpcId: "vpc-mock",
                privateSubnetIds: ["subnet-a", "subnet-b"],
                settings: settingsFor("dev"),
                access: ACCESS,
                secretsKmsKeyArn: "arn:aws:kms:us-east-1:000000000000:key/mock",
                protect: false,
            });
            const tenancy = new Tenancy("t-tenancy", {
                provider: cluster.provider,
                appNamespace: "dev",
                toolboxNamespace: TIER_DEFAULTS.dev.toolbox,
                vpcCidr: "10.10.0.0/16",
                dockerHub: {
                    username: "exampleorg",
                    token: pulumi.secret(TOKEN),
                    namespaces: ["default", "monitoring", "logging", "flux-system", "dev"],
                },
                developerNamespaces: ["default", "dev", "monitoring"],
                kubernetesVersion: "1.35",
                endpoints: {
                    kafkaBootstrapBrokers: pulumi.output("b-1.mock.invalid:9098"),
                    databaseHost: "db.mock.invalid",
                    otlpEndpoint: "http://jaeger-collector.observability:4317",
                },
                ...overrides,
            });
            return { namespaces: tenancy.namespaces, endpointsConfigMapName: tenancy.endpointsConfigMapName };
        },
        { stack: "dev" },
    );
}
