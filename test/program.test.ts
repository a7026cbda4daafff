import * as assert from "node:assert";
import { invalidObjects } from "../offline/k8s/declared";
import { minimalStackConfig, REQUIRED_SECRET_KEYS } from "../offline/engine/minimal-stack";
import { runProgram, stackRegistry } from "../offline/engine/program";
import type { Registry } from "../offline/engine/registry";
import { PLATFORM_NAMESPACE_NAMES, TOOLBOX_NAMESPACE } from "../stacks/load";

/** Checks that only make sense over the whole program: every layer wired, providers, outputs, tier differences. */
describe("program: every layer of dev and staging", () => {
    const stacks: Record<string, Registry> = {};
    before(async () => {
        for (const stack of ["dev", "staging"]) stacks[stack] = await stackRegistry(stack);
    });

    const LAYERS = [
        "platform:network:Network",
        "platform:data:KmsKey",
        "platform:data:Database",
        "platform:data:Kafka",
        "platform:data:Search",
        "platform:vpn:ClientVpn",
        "platform:monitoring:Monitoring",
        "platform:cluster:Cluster",
        "platform:tenancy:Tenancy",
        "platform:edge:Dns",
        "platform:edge:LoadBalancer",
        "platform:edge:AliasRecords",
        "platform:edge:IngressController",
        "platform:gitops:Flux",
        "platform:observability:ObservabilityRoles",
        "platform:observability:Metrics",
        "platform:observability:Logs",
        "platform:observability:Traces",
        "platform:apps:Hydra",
        "platform:apps:StorefrontSecrets",
    ];

    for (const stack of ["dev", "staging"]) {
        it(`${stack}: declares every layer`, () => {
            const missing = LAYERS.filter((t) => stacks[stack].ofType(t).length === 0);
            assert.deepStrictEqual(missing, []);
        });

        it(`${stack}: every Kubernetes object goes to the cluster's provider, every AWS resource to the explicit aws provider`, () => {
            const wrong = stacks[stack].resources
                .filter((r) => r.custom && !r.type.startsWith("pulumi:providers:"))
                .filter(
                    (r) =>
                        (r.type.startsWith("kubernetes:") && r.provider !== `${stack}-cluster-k8s`) ||
                        (r.type.startsWith("aws:") && r.provider !== "aws"),
                )
                .map((r) => `${r.key} -> ${r.provider}`);
            assert.deepStrictEqual(wrong, []);
            assert.ok(stacks[stack].ofType("kubernetes:core/v1:Namespace").length >= 6);
        });

        it(`${stack}: every Kubernetes object validates against the Kubernetes OpenAPI schemas`, () => {
            assert.deepStrictEqual(invalidObjects(stacks[stack]), []);
        });

        it(`${stack}: secret outputs stay secret; public facts stay readable`, () => {
            const out = stacks[stack].outputs;
            for (const key of ["kubeconfig", "vpnClientConfig", "vpnClientConfigs", "databaseDsn", "grafanaAdminPassword"]) {
                assert.strictEqual(out[key]?.secret, true, `${key} must be a secret output`);
            }
            for (const key of ["fluxDeployKey", "clusterName", "albDnsName", "hydraPublicUrl", "sopsKmsKeyArn"]) {
                assert.strictEqual(out[key]?.secret, false, `${key} should be readable without --show-secrets`);
            }
            assert.match(String(out.fluxDeployKey.value), /^ssh-ed25519 /);
        });

        it(`${stack}: no secret value appears in plain text in any output or non-secret input`, () => {
            const reg = stacks[stack];
            const secrets = new Set<string>();
            for (const r of reg.resources) {
                for (const path of r.secretPaths) {
                    const v = path.split(".").reduce<any>((o, p) => (o === undefined ? undefined : o[p]), r.inputs);
                    const walk = (x: any): void => {
                        if (typeof x === "string" && x.length >= 12) secrets.add(x);
                        else if (x && typeof x === "object") Object.values(x).forEach(walk);
                    };
                    walk(v);
                }
            }
            for (const [key, o] of Object.entries(reg.outputs)) {
                if (o.secret) continue;
                const text = JSON.stringify(o.value) ?? "";
                for (const s of secrets) assert.ok(!text.includes(s), `output ${key} contains a secret value`);
            }
            const leaks: string[] = [];
            for (const r of reg.resources) {
                const visit = (x: any, path: string): void => {
                    if (r.secretPaths.some((p) => p === path || path.startsWith(`${p}.`))) return;
                    if (typeof x === "string") {
                        for (const s of secrets) if (x.includes(s)) leaks.push(`${r.key} ${path}`);
                    } else if (x && typeof x === "object") for (const [k, v] of Object.entries(x)) visit(v, path ? `${path}.${k}` : k);
                };
                visit(r.inputs, "");
            }
            assert.deepStrictEqual(leaks, []);
            assert.ok(secrets.size > 5, "the check saw the secrets it guards");
        });
    }

    it("dev has the toolbox; staging does not (tier default)", () => {
        assert.strictEqual(stacks.dev.ofType("platform:apps:Toolbox").length, 1);
        assert.strictEqual(stacks.staging.ofType("platform:apps:Toolbox").length, 0);
        assert.strictEqual(
            stacks.staging.ofType("kubernetes:core/v1:Namespace").filter((n) => n.inputs.metadata?.name === "test").length,
            0,
        );
    });

    it("staging protects every stateful resource and runs Multi-AZ data; dev protects nothing", () => {
        const stateful = [
            "aws:rds/instance:Instance",
            "aws:msk/cluster:Cluster",
            "aws:opensearch/domain:Domain",
            "aws:kms/key:Key",
            "aws:route53/zone:Zone",
            "eks:index:Cluster",
        ];
        for (const type of stateful) {
            assert.ok(stacks.staging.ofType(type).length > 0, type);
            assert.deepStrictEqual(
                stacks.staging
                    .ofType(type)
                    .filter((r) => !r.protect)
                    .map((r) => r.key),
                [],
                `${type} protected in staging`,
            );
            assert.deepStrictEqual(
                stacks.dev
                    .ofType(type)
                    .filter((r) => r.protect)
                    .map((r) => r.key),
                [],
                `${type} unprotected in dev`,
            );
        }
        assert.strictEqual(stacks.staging.one("aws:rds/instance:Instance").inputs.multiAz, true);
        assert.strictEqual(stacks.dev.one("aws:rds/instance:Instance").inputs.multiAz, false);
    });

    it("wires the data layer's endpoints into platform-endpoints and the cluster's group into the data stores", () => {
        const dev = stacks.dev;
        const endpoints = dev
            .ofType("kubernetes:core/v1:ConfigMap")
            .find((c) => c.inputs.metadata?.name === "platform-endpoints" && c.inputs.metadata?.namespace === "dev");
        assert.ok(endpoints, "platform-endpoints in the dev namespace");
        assert.strictEqual(endpoints!.inputs.data.DATABASE_HOST, dev.one("aws:rds/instance:Instance").outputs.address);
        assert.strictEqual(endpoints!.inputs.data.OTLP_ENDPOINT, "http://jaeger.observability.svc:4317");
        const clusterSg = dev.one("eks:index:Cluster").outputs.eksCluster.vpcConfig.clusterSecurityGroupId;
        const dbRules = dev
            .ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")
            .filter((r) => r.parent === "platform:data:Database::dev-database");
        assert.ok(dbRules.some((r) => r.inputs.referencedSecurityGroupId === clusterSg && r.inputs.fromPort === 5432));
    });

    it("admits exactly the log and trace roles (and the master role) to OpenSearch", () => {
        const dev = stacks.dev;
        const roles = dev
            .ofType("aws:iam/role:Role")
            .filter((r) => /observability-(logs|traces)-role$/.test(r.name))
            .map((r) => r.outputs.arn)
            .sort();
        assert.strictEqual(roles.length, 2);
        const policy = JSON.parse(
            dev.one("aws:opensearch/domain:Domain").inputs.accessPolicies ??
                dev.one("aws:opensearch/domainPolicy:DomainPolicy").inputs.accessPolicies,
        );
        const principals = policy.Statement.flatMap((s: any) => [].concat(s.Principal.AWS)).sort();
        for (const role of roles) assert.ok(principals.includes(role), `${role} admitted`);
        assert.strictEqual(principals.length, 3);
    });

    it("dev clusters take the forced upgrade; protected tiers pay for extended support instead", () => {
        assert.deepStrictEqual(stacks.dev.one("eks:index:Cluster").inputs.upgradePolicy, { supportType: "STANDARD" });
        assert.deepStrictEqual(stacks.staging.one("eks:index:Cluster").inputs.upgradePolicy, { supportType: "EXTENDED" });
    });

    it("the ingress controller reaches Hydra's public port only: the namespace-wide allow skips Hydra's pods", () => {
        const dev = stacks.dev;
        const server = dev.one("kubernetes:apps/v1:Deployment", "dev-hydra-server").inputs.spec.template.metadata.labels;
        const allow = dev
            .ofType("kubernetes:networking.k8s.io/v1:NetworkPolicy")
            .find((p) => p.inputs.metadata.namespace === "dev" && p.inputs.metadata.name === "allow-from-ingress")!;
        const expr = allow.inputs.spec.podSelector.matchExpressions[0];
        assert.deepStrictEqual([expr.operator, server[expr.key]], ["DoesNotExist", "true"]);
        const hydraIngress = dev
            .ofType("kubernetes:networking.k8s.io/v1:NetworkPolicy")
            .filter((p) => p.parent === "platform:apps:Hydra::dev-hydra")
            .flatMap((p) => (p.inputs.spec.ingress ?? []).filter((r: any) => JSON.stringify(r.from).includes("kube-ingress")));
        assert.deepStrictEqual(
            hydraIngress.flatMap((r: any) => r.ports.map((p: any) => p.port)),
            [4444],
        );
    });

    it("stacks/ validates namespace lists against the namespaces tenancy creates", () => {
        // dev runs the toolbox, so its namespaces are the app's, every platform one and the toolbox's.
        const created = stacks.dev
            .ofType("kubernetes:core/v1:Namespace")
            .map((n) => n.inputs.metadata.name)
            .sort();
        assert.deepStrictEqual(created, ["dev", ...PLATFORM_NAMESPACE_NAMES, TOOLBOX_NAMESPACE].sort());
    });

    it("in-cluster layers wait for their namespaces only, never for the data stores behind platform-endpoints", () => {
        const dev = stacks.dev;
        const releases = dev.ofType("kubernetes:helm.sh/v3:Release").filter((r) => r.dependsOn.length > 0);
        assert.ok(releases.length >= 4, "flux, metrics, logs and traces releases wait for something");
        for (const r of [...releases, dev.one("kubernetes:apps/v1:Deployment", "dev-hydra-server")]) {
            const waits = r.dependsOn.map((k) => k.split("::")[0]);
            assert.ok(
                !waits.includes("kubernetes:core/v1:ConfigMap") && !waits.includes("platform:tenancy:Tenancy"),
                `${r.key} waits for ${r.dependsOn.join(", ")}`,
            );
        }
        assert.ok(releases.some((r) => r.dependsOn.some((k) => k.startsWith("kubernetes:core/v1:Namespace::"))));
    });

    it("pins every namespace's Pod Security policy version to the cluster's version, never latest", () => {
        const versions = new Set(
            stacks.dev
                .ofType("kubernetes:core/v1:Namespace")
                .map((n) => n.inputs.metadata.labels["pod-security.kubernetes.io/enforce-version"]),
        );
        assert.deepStrictEqual([...versions], [`v${stacks.dev.one("eks:index:Cluster").inputs.version}`]);
    });

    it("dev associates the VPN in office hours with the commands to step outside them; staging keeps Pulumi-owned associations", () => {
        const schedules = stacks.dev.ofType("aws:scheduler/schedule:Schedule");
        assert.deepStrictEqual(
            schedules.map((s) => [s.name, s.inputs.scheduleExpression, s.inputs.scheduleExpressionTimezone]),
            [
                ["dev-vpn-office-hours-start-0", "cron(0 8 ? * MON-FRI *)", "UTC"],
                ["dev-vpn-office-hours-stop", "cron(0 18 ? * MON-FRI *)", "UTC"],
            ],
        );
        assert.strictEqual(
            JSON.parse(schedules[0].inputs.target.input).SubnetId,
            stacks.dev.one("aws:ec2/subnet:Subnet", "dev-network-private-0").id,
        );
        assert.strictEqual(stacks.dev.ofType("aws:ec2clientvpn/networkAssociation:NetworkAssociation").length, 0);
        assert.deepStrictEqual(stacks.dev.outputs.vpnAssociateNow.value, [
            `aws ec2 associate-client-vpn-target-network --region us-east-1 --client-vpn-endpoint-id ${stacks.dev.one("aws:ec2clientvpn/endpoint:Endpoint").id} --subnet-id ${stacks.dev.one("aws:ec2/subnet:Subnet", "dev-network-private-0").id}`,
        ]);
        assert.match(
            String(stacks.dev.outputs.vpnReleaseNow.value),
            /^aws stepfunctions start-execution --region us-east-1 --state-machine-arn arn:aws:states:/,
        );
        const watched = stacks.dev.one("aws:cloudwatch/metricAlarm:MetricAlarm", "dev-monitoring-vpn-release-failed").inputs.dimensions;
        assert.deepStrictEqual(watched, { StateMachineArn: stacks.dev.one("aws:sfn/stateMachine:StateMachine").outputs.arn });
        assert.strictEqual(
            stacks.staging.ofType("aws:cloudwatch/metricAlarm:MetricAlarm").filter((a) => a.name.includes("-vpn-")).length,
            0,
        );
        assert.strictEqual(stacks.staging.ofType("aws:scheduler/schedule:Schedule").length, 0);
        assert.strictEqual(stacks.staging.ofType("aws:ec2clientvpn/networkAssociation:NetworkAssociation").length, 1);
        assert.deepStrictEqual(
            [stacks.staging.outputs.vpnAssociateNow?.value, stacks.staging.outputs.vpnReleaseNow?.value],
            [undefined, undefined],
        );
    });

    it("a stack with the VPN disabled still registers its release hook, for an endpoint and schedules left in the state", async () => {
        const config = { ...minimalStackConfig("dev", "qa.example.com"), "platform:vpn": JSON.stringify({ enabled: false }) };
        const qa = await runProgram({ stack: "qa", config, secretKeys: REQUIRED_SECRET_KEYS });
        assert.strictEqual(qa.ofType("platform:vpn:ClientVpn").length, 0);
        assert.deepStrictEqual(qa.registeredHooks, ["qa-vpn-release-associations"]);
        assert.deepStrictEqual([qa.outputs.vpnAssociateNow.value, qa.outputs.vpnEndpointId.value], [undefined, undefined]);
    });

    it("admits the Client VPN to the private Kubernetes API endpoint and the ALB to the HTTP NodePort, and nothing else", () => {
        const dev = stacks.dev;
        const rules = dev
            .ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")
            .filter((r) => r.parent === "platform:cluster:Cluster::dev-cluster");
        const vpnSg = dev.one("aws:ec2/securityGroup:SecurityGroup", "dev-vpn-sg").id;
        const albSg = dev.one("aws:ec2/securityGroup:SecurityGroup", "dev-edge-alb-sg").id;
        assert.deepStrictEqual(
            rules.map((r) => [r.inputs.referencedSecurityGroupId, r.inputs.fromPort, r.inputs.toPort]),
            [
                [vpnSg, 443, 443],
                [albSg, 30080, 30080],
            ],
        );
    });
});
