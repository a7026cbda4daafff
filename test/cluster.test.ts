import * as assert from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { ADDON_VERSIONS, CLUSTER_ADMIN_POLICY_ARN, CLUSTER_LOG_TYPES, Cluster, IMDS_HOP_LIMIT } from "../components/cluster";
import { DEVELOPER_GROUP } from "../components/platform-names";
import type { Tier } from "../stacks/types";
import { TIER_DEFAULTS } from "../stacks/tiers";
import { ACCESS, ADMIN, DEVELOPER, KEY, NAME, SUBNETS, runCluster, settingsFor } from "./cluster-fixtures";
import { MOCK_ACCOUNT } from "../offline/engine/fakes";
import { runComponent } from "../offline/engine/program";
import { type RecordedResource, type Registry, isSecretInput } from "../offline/engine/registry";

describe("cluster: Cluster", () => {
    const regs: Partial<Record<Tier, Registry>> = {};
    before(async () => {
        regs.dev = await runCluster("dev");
        regs.staging = await runCluster("staging");
        regs.prod = await runCluster("prod");
    });
    const reg = (tier: Tier) => regs[tier]!;

    it("creates the control plane through @pulumi/eks in API mode, encrypted, with every log type", () => {
        const eks = reg("dev").one("eks:index:Cluster", `${NAME}-eks`);
        assert.strictEqual(eks.parent, `platform:cluster:Cluster::${NAME}`);
        assert.strictEqual(eks.inputs.name, "platform-dev");
        assert.strictEqual(eks.inputs.version, "1.35");
        assert.strictEqual(eks.inputs.authenticationMode, "API");
        assert.strictEqual(eks.inputs.encryptionConfigKeyArn, KEY);
        assert.deepStrictEqual(eks.inputs.enabledClusterLogTypes, CLUSTER_LOG_TYPES);
        assert.deepStrictEqual(CLUSTER_LOG_TYPES, ["api", "audit", "authenticator", "controllerManager", "scheduler"]);
        assert.strictEqual(eks.inputs.skipDefaultNodeGroup, true);
        assert.strictEqual(eks.inputs.createOidcProvider, false);
        assert.strictEqual(eks.inputs.bootstrapSelfManagedAddons, false);
        assert.strictEqual(eks.inputs.corednsAddonOptions.enabled, false);
        assert.strictEqual(eks.inputs.kubeProxyAddonOptions.enabled, false);
        assert.deepStrictEqual(eks.inputs.privateSubnetIds, SUBNETS);
        assert.strictEqual(eks.inputs.publicSubnetIds, undefined);
        for (const key of ["roleMappings", "userMappings", "instanceRoles", "nodePublicKey"])
            assert.strictEqual(eks.inputs[key], undefined, key);
    });

    it("sends control-plane logs to a declared log group with the tier's retention, created first", () => {
        for (const tier of ["dev", "staging"] as Tier[]) {
            const group = reg(tier).one("aws:cloudwatch/logGroup:LogGroup", `${NAME}-control-plane`);
            assert.strictEqual(group.inputs.name, `/aws/eks/platform-${tier}/cluster`);
            assert.strictEqual(group.inputs.retentionInDays, TIER_DEFAULTS[tier].cluster.logRetentionDays);
            assert.ok(reg(tier).one("eks:index:Cluster").dependsOn.includes(group.key));
        }
    });

    it("keeps the endpoint private, public only to configured CIDRs", () => {
        const dev = reg("dev").one("eks:index:Cluster").inputs;
        assert.deepStrictEqual(
            [dev.endpointPrivateAccess, dev.endpointPublicAccess, dev.publicAccessCidrs],
            [true, true, ["203.0.113.0/24"]],
        );
        const prod = reg("prod").one("eks:index:Cluster").inputs;
        assert.deepStrictEqual([prod.endpointPrivateAccess, prod.endpointPublicAccess, prod.publicAccessCidrs], [true, false, undefined]);
    });

    it("protects the cluster outside dev", () => {
        assert.strictEqual(reg("dev").one("eks:index:Cluster").protect, false);
        assert.strictEqual(reg("dev").one("eks:index:Cluster").inputs.deletionProtection, false);
        for (const tier of ["staging", "prod"] as Tier[]) {
            assert.strictEqual(reg(tier).one("eks:index:Cluster").protect, true);
            assert.strictEqual(reg(tier).one("eks:index:Cluster").inputs.deletionProtection, true);
        }
    });

    it("runs managed node groups from config: SPOT in dev, ON_DEMAND in staging, in every private subnet", () => {
        const expected: [Tier, string, string[]][] = [
            ["dev", "SPOT", ["t3.large", "t3a.large"]],
            ["staging", "ON_DEMAND", ["m6i.large"]],
        ];
        for (const [tier, capacityType, instanceTypes] of expected) {
            const d = TIER_DEFAULTS[tier].cluster.nodeGroup;
            const ng = reg(tier).one("aws:eks/nodeGroup:NodeGroup", `${NAME}-general`);
            assert.strictEqual(ng.inputs.capacityType, capacityType);
            assert.deepStrictEqual(ng.inputs.instanceTypes, instanceTypes);
            assert.deepStrictEqual(ng.inputs.scalingConfig, { minSize: d.minSize, desiredSize: d.desiredSize, maxSize: d.maxSize });
            assert.deepStrictEqual(ng.inputs.subnetIds, SUBNETS);
            assert.deepStrictEqual(ng.inputs.updateConfig, { maxUnavailable: 1 });
            assert.strictEqual(ng.inputs.version, "1.35");
            assert.strictEqual(ng.inputs.amiType, "AL2023_x86_64_STANDARD");
            assert.strictEqual(ng.inputs.clusterName, `platform-${tier}`);
            assert.strictEqual(ng.inputs.nodeRoleArn, reg(tier).outputs.nodeRoleArn.value);
            assert.strictEqual(ng.inputs.labels["platform/node-group"], "general");
            assert.strictEqual(ng.inputs.diskSize, undefined, "disk size belongs in the launch template");
            assert.deepStrictEqual(ng.inputs.launchTemplate, { id: `lt-mock-${NAME}-general`, version: "1" });
        }
        assert.deepStrictEqual(reg("dev").outputs.nodeGroupAsgNames.value, [`eks-${NAME}-general-mock-asg`]);
        assert.strictEqual(reg("dev").outputs.nodeGroupCount.value, 1);
    });

    it("declares one node group and launch template per configured group", async () => {
        const two = await runCluster("dev", {
            nodeGroups: [
                {
                    name: "general",
                    instanceTypes: ["t3.large"],
                    capacityType: "SPOT",
                    minSize: 2,
                    desiredSize: 2,
                    maxSize: 4,
                    diskSizeGb: 40,
                },
                {
                    name: "system",
                    instanceTypes: ["m6i.large"],
                    capacityType: "ON_DEMAND",
                    minSize: 2,
                    desiredSize: 2,
                    maxSize: 3,
                    diskSizeGb: 60,
                },
            ],
        });
        assert.deepStrictEqual(
            two.ofType("aws:eks/nodeGroup:NodeGroup").map((n) => [n.name, n.inputs.capacityType]),
            [
                [`${NAME}-general`, "SPOT"],
                [`${NAME}-system`, "ON_DEMAND"],
            ],
        );
        assert.deepStrictEqual(
            two.ofType("aws:ec2/launchTemplate:LaunchTemplate").map((t) => t.inputs.blockDeviceMappings[0].ebs.volumeSize),
            [40, 60],
        );
        assert.strictEqual(two.outputs.nodeGroupCount.value, 2);
        assert.strictEqual((two.outputs.nodeGroupAsgNames.value as string[]).length, 2);
    });

    it("requires IMDSv2 with hop limit 1 and an encrypted gp3 root volume, and gives nodes no public IP", () => {
        const lt = reg("dev").one("aws:ec2/launchTemplate:LaunchTemplate", `${NAME}-general`);
        assert.strictEqual(lt.inputs.metadataOptions.httpTokens, "required");
        assert.strictEqual(lt.inputs.metadataOptions.httpPutResponseHopLimit, 1);
        assert.strictEqual(IMDS_HOP_LIMIT, 1);
        assert.deepStrictEqual(lt.inputs.blockDeviceMappings, [
            { deviceName: "/dev/xvda", ebs: { volumeSize: 30, volumeType: "gp3", encrypted: "true", deleteOnTermination: "true" } },
        ]);
        assert.strictEqual(lt.inputs.networkInterfaces, undefined);
        assert.strictEqual(lt.inputs.keyName, undefined);
    });

    it("gives the node role the worker, ECR pull-only, CNI and SSM policies, and declares no node access entry", () => {
        const attached = reg("dev")
            .ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment")
            .filter((a) => a.name.startsWith(`${NAME}-node-`));
        assert.deepStrictEqual(attached.map((a) => a.inputs.policyArn.split("/").pop()).sort(), [
            "AmazonEC2ContainerRegistryPullOnly",
            "AmazonEKSWorkerNodePolicy",
            "AmazonEKS_CNI_Policy",
            "AmazonSSMManagedInstanceCore",
        ]);
        const ng = reg("dev").one("aws:eks/nodeGroup:NodeGroup");
        for (const a of attached) assert.ok(ng.dependsOn.includes(a.key), `node group waits for ${a.name}`);
        // EKS creates the EC2_LINUX entry of a managed node group's role; declaring it too fails with ResourceInUseException.
        assert.deepStrictEqual(
            reg("dev")
                .ofType("aws:eks/accessEntry:AccessEntry")
                .filter((e) => e.inputs.type === "EC2_LINUX"),
            [],
        );
    });

    it("pins every add-on, turns on network policy enforcement and orders add-ons around the nodes", () => {
        const r = reg("dev");
        const pinned = ADDON_VERSIONS["1.35"];
        const addons: Record<string, RecordedResource> = Object.fromEntries(
            r.ofType("aws:eks/addon:Addon").map((a) => [a.inputs.addonName, a]),
        );
        assert.deepStrictEqual(Object.fromEntries(Object.entries(addons).map(([n, a]) => [n, a.inputs.addonVersion])), {
            "vpc-cni": pinned.vpcCni,
            "kube-proxy": pinned.kubeProxy,
            "eks-pod-identity-agent": pinned.podIdentityAgent,
            coredns: pinned.coredns,
            "aws-ebs-csi-driver": pinned.ebsCsiDriver,
        });
        for (const v of Object.values(pinned)) assert.match(v, /^v\d+\.\d+\.\d+-eksbuild\.\d+$/);
        assert.deepStrictEqual(JSON.parse(addons["vpc-cni"].inputs.configurationValues), { enableNetworkPolicy: "true" });
        const ng = r.one("aws:eks/nodeGroup:NodeGroup");
        for (const early of ["vpc-cni", "kube-proxy", "eks-pod-identity-agent"]) assert.ok(ng.dependsOn.includes(addons[early].key), early);
        for (const late of ["coredns", "aws-ebs-csi-driver"]) assert.ok(addons[late].dependsOn.includes(ng.key), late);
        for (const a of Object.values(addons)) assert.strictEqual(a.inputs.clusterName, "platform-dev");
    });

    it("gives the EBS CSI controller its own Pod Identity role with the AWS EBS CSI policy", () => {
        const r = reg("dev");
        const assoc = r.one("aws:eks/podIdentityAssociation:PodIdentityAssociation", `${NAME}-ebs-csi-association`);
        assert.deepStrictEqual(
            [assoc.inputs.namespace, assoc.inputs.serviceAccount, assoc.inputs.clusterName],
            ["kube-system", "ebs-csi-controller-sa", "platform-dev"],
        );
        assert.strictEqual(
            r.one("aws:iam/rolePolicyAttachment:RolePolicyAttachment", `${NAME}-ebs-csi-attach-0`).inputs.policyArn,
            "arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy",
        );
    });

    it("makes an encrypted gp3 StorageClass the default", () => {
        const sc = reg("dev").one("kubernetes:storage.k8s.io/v1:StorageClass");
        assert.strictEqual(sc.inputs.metadata.annotations["storageclass.kubernetes.io/is-default-class"], "true");
        assert.deepStrictEqual(
            [sc.inputs.provisioner, sc.inputs.parameters.type, sc.inputs.parameters.encrypted],
            ["ebs.csi.aws.com", "gp3", "true"],
        );
        assert.strictEqual(sc.inputs.volumeBindingMode, "WaitForFirstConsumer");
    });

    it("maps admins to the cluster admin policy and developers to the developer group only", () => {
        const r = reg("dev");
        const admin = r.one("aws:eks/accessEntry:AccessEntry", `${NAME}-admin-PlatformAdmin`);
        assert.deepStrictEqual(
            [admin.inputs.principalArn, admin.inputs.type, admin.inputs.kubernetesGroups],
            [ADMIN, "STANDARD", undefined],
        );
        const assoc = r.one("aws:eks/accessPolicyAssociation:AccessPolicyAssociation");
        assert.deepStrictEqual(
            [assoc.inputs.principalArn, assoc.inputs.policyArn, assoc.inputs.accessScope],
            [ADMIN, CLUSTER_ADMIN_POLICY_ARN, { type: "cluster" }],
        );
        const dev = r.one("aws:eks/accessEntry:AccessEntry", `${NAME}-developer-Developer`);
        assert.deepStrictEqual([dev.inputs.principalArn, dev.inputs.kubernetesGroups], [DEVELOPER, [DEVELOPER_GROUP]]);
        assert.strictEqual(DEVELOPER_GROUP, "platform-developers");
        assert.strictEqual(
            r.ofType("aws:eks/accessPolicyAssociation:AccessPolicyAssociation").filter((a) => a.inputs.principalArn === DEVELOPER).length,
            0,
        );
        assert.strictEqual(r.outputs.deployerRoleArn.value, `arn:aws:iam::${MOCK_ACCOUNT}:role/mock-deployer`);
    });

    it("builds a Kubernetes provider from the kubeconfig and uses it for every Kubernetes object", () => {
        const r = reg("dev");
        const provider = r.one("pulumi:providers:kubernetes", `${NAME}-k8s`);
        assert.strictEqual(provider.inputs.enableServerSideApply, "true");
        assert.deepStrictEqual(
            provider.dependsOn,
            r.ofType("aws:eks/accessPolicyAssociation:AccessPolicyAssociation").map((a) => a.key),
        );
        assert.strictEqual(JSON.parse(provider.inputs.kubeconfig).clusters[0].name, "platform-dev");
        const objects = r.resources.filter((x) => x.type.startsWith("kubernetes:"));
        assert.ok(objects.length > 0);
        for (const o of objects) assert.strictEqual(o.provider, `${NAME}-k8s`, `${o.key} uses the cluster's provider`);
    });

    it("exports the kubeconfig as a secret and the facts other layers need", () => {
        const out = reg("dev").outputs;
        assert.strictEqual(out.kubeconfig.secret, true);
        assert.strictEqual(JSON.parse(out.kubeconfig.value as string).kind, "Config");
        assert.strictEqual(out.clusterName.value, "platform-dev");
        assert.strictEqual(out.clusterSecurityGroupId.value, `sg-mock-${NAME}-eks-eks-cluster`);
        assert.match(out.endpoint.value as string, /^https:\/\//);
        assert.strictEqual(
            isSecretInput(reg("dev").one("pulumi:providers:kubernetes"), "kubeconfig"),
            false,
            "the provider input itself is not our output",
        );
    });

    it("declares a rule admitting a later-built group to its nodes itself, as its own child, keeping a moved rule by its alias", async () => {
        const admitted = await runComponent(() => {
            const old = new pulumi.ComponentResource("platform:edge:LoadBalancer", "edge", {});
            const cluster = new Cluster(NAME, {
                clusterName: "platform-dev",
                vpcId: "vpc-mock",
                privateSubnetIds: SUBNETS,
                settings: settingsFor("dev"),
                access: ACCESS,
                secretsKmsKeyArn: KEY,
                protect: false,
            });
            cluster.admitToNodes(
                "nodes-from-alb",
                { peerSecurityGroupId: "sg-alb", port: 30080, description: "NodePort from the ALB" },
                { aliases: [{ name: "edge-nodes-from-alb", parent: old }] },
            );
        });
        const rule = admitted.one("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", `${NAME}-nodes-from-alb`);
        const eks = admitted.one("eks:index:Cluster");
        assert.deepStrictEqual(
            [
                rule.parent,
                rule.inputs.securityGroupId,
                rule.inputs.referencedSecurityGroupId,
                rule.inputs.ipProtocol,
                rule.inputs.fromPort,
                rule.inputs.toPort,
                rule.inputs.description,
            ],
            [
                `platform:cluster:Cluster::${NAME}`,
                eks.outputs.clusterSecurityGroupId,
                "sg-alb",
                "tcp",
                30080,
                30080,
                "NodePort from the ALB",
            ],
        );
        assert.deepStrictEqual(
            rule.aliases?.map((a) => [a.name, a.parent]),
            [["edge-nodes-from-alb", "platform:edge:LoadBalancer::edge"]],
        );
    });

    it("rejects a Kubernetes version without pinned add-ons, naming the fix", async () => {
        await assert.rejects(runCluster("dev", { version: "1.29" }), (e: Error) =>
            e.message.includes(
                'platform:cluster.version: "1.29" has no pinned add-on versions. Add a row for it to ADDON_VERSIONS in components/cluster/addons.ts (known: 1.35), or use one of those versions.',
            ),
        );
    });
});
