import * as assert from "node:assert";
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import {
    FLUENT_BIT_CHART_VERSION,
    JAEGER_CHART_VERSION,
    KUBE_PROMETHEUS_STACK_VERSION,
    Logs,
    LOGS_SEARCH_ACTIONS,
    Metrics,
    ObservabilityRoles,
    TRACES_SEARCH_ACTIONS,
    Traces,
} from "../components/observability";
import { searchDomainArn } from "../components/data";
import { MOCK_ACCOUNT, MOCK_REGION } from "../offline/engine/fakes";
import { runComponent } from "../offline/engine/program";
import { type RecordedResource, type Registry, isSecretInput } from "../offline/engine/registry";

const SEMVER = /^\d+\.\d+\.\d+$/;
const ENDPOINT = "vpc-platform-test-mock.us-east-1.es.amazonaws.com";
const DOMAIN_ARN = `arn:aws:es:${MOCK_REGION}:${MOCK_ACCOUNT}:domain/platform-test`;
const RELEASE = "kubernetes:helm.sh/v3:Release";
const ASSOCIATION = "aws:eks/podIdentityAssociation:PodIdentityAssociation";
const TOPIC_ARN = `arn:aws:sns:${MOCK_REGION}:${MOCK_ACCOUNT}:test-monitoring-alarms`;
const TOPIC_KEY_ARN = `arn:aws:kms:${MOCK_REGION}:${MOCK_ACCOUNT}:key/mock-alarms`;

describe("observability: roles before the domain, releases after it", () => {
    let reg: Registry;
    const release = (name: string) => reg.one(RELEASE, name);
    const associationOf = (role: string) => reg.one(ASSOCIATION, `${role}-association`);
    const policyOf = (role: string) => JSON.parse(reg.one("aws:iam/rolePolicy:RolePolicy", `${role}-policy-0`).inputs.policy);

    before(async () => {
        reg = await runComponent(() => {
            const provider = new k8s.Provider("k8s", { kubeconfig: "{}" });
            const ns = (name: string) => new k8s.core.v1.Namespace(name, { metadata: { name } }, { provider });
            const [monitoring, logging, observability] = [ns("monitoring"), ns("logging"), ns("observability")];
            const roles = new ObservabilityRoles("obs", {
                clusterName: "platform-test",
                searchDomainArn: searchDomainArn(MOCK_REGION, MOCK_ACCOUNT, "platform-test"),
                logsNamespace: "logging",
                tracesNamespace: "observability",
            });
            const metrics = new Metrics(
                "metrics",
                {
                    namespace: "monitoring",
                    domain: "test.example.com",
                    retention: "15d",
                    storageGb: 50,
                    grafanaExposed: true,
                    replicas: 2,
                    clusterName: "platform-test",
                    region: MOCK_REGION,
                    alarmTopicArn: TOPIC_ARN,
                    alarmTopicKmsKeyArn: TOPIC_KEY_ARN,
                },
                { provider, dependsOn: [monitoring] },
            );
            new Logs(
                "logs",
                { namespace: "logging", searchEndpoint: ENDPOINT, region: MOCK_REGION },
                { provider, dependsOn: [logging, roles] },
            );
            const traces = new Traces(
                "traces",
                {
                    namespace: "observability",
                    searchEndpoint: ENDPOINT,
                    region: MOCK_REGION,
                    domain: "test.example.com",
                    exposed: false,
                    replicas: 2,
                    indexReplicas: 1,
                },
                { provider, dependsOn: [observability, roles] },
            );
            return {
                logsRoleArn: roles.logsRoleArn,
                tracesRoleArn: roles.tracesRoleArn,
                grafanaAdminPassword: metrics.grafanaAdminPassword,
                grafanaUrl: metrics.grafanaUrl,
                otlpEndpoint: traces.otlpEndpoint,
                queryUrl: traces.queryUrl,
            };
        });
    });

    it("gives logging/fluent-bit and observability/jaeger their own Pod Identity roles", () => {
        assert.strictEqual(reg.ofType(ASSOCIATION).length, 3);
        const pick = (a: RecordedResource) => [a.inputs.clusterName, a.inputs.namespace, a.inputs.serviceAccount];
        assert.deepStrictEqual(pick(associationOf("obs-logs")), ["platform-test", "logging", "fluent-bit"]);
        assert.deepStrictEqual(pick(associationOf("obs-traces")), ["platform-test", "observability", "jaeger"]);
        assert.strictEqual(reg.outputs.logsRoleArn.value, associationOf("obs-logs").inputs.roleArn);
        assert.strictEqual(reg.outputs.tracesRoleArn.value, associationOf("obs-traces").inputs.roleArn);
    });

    it("limits each role to ES HTTP actions on the computed domain ARN's paths", () => {
        assert.deepStrictEqual(policyOf("obs-logs").Statement, [
            { Sid: "OpenSearchHttp", Effect: "Allow", Action: LOGS_SEARCH_ACTIONS, Resource: `${DOMAIN_ARN}/*` },
        ]);
        assert.deepStrictEqual(LOGS_SEARCH_ACTIONS, ["es:ESHttpGet", "es:ESHttpPost", "es:ESHttpPut"]);
        assert.deepStrictEqual(policyOf("obs-traces").Statement, [
            { Sid: "OpenSearchHttp", Effect: "Allow", Action: TRACES_SEARCH_ACTIONS, Resource: `${DOMAIN_ARN}/*` },
        ]);
        for (const action of [...LOGS_SEARCH_ACTIONS, ...TRACES_SEARCH_ACTIONS]) assert.match(action, /^es:ESHttp(Get|Head|Post|Put)$/);
    });

    it("declares no OpenSearch domain and reads nothing from one (no cycle with its access policy)", () => {
        assert.strictEqual(reg.ofType("aws:opensearch/domain:Domain").length, 0);
        assert.strictEqual(reg.byKey("platform:observability:ObservabilityRoles::obs")?.dependsOn.length, 0);
    });

    it("pins three charts with exact versions, each in its namespace, on the cluster's provider, after its namespace", () => {
        const expected: [string, string, string, string][] = [
            ["metrics-kube-prometheus-stack", "./charts/kube-prometheus-stack-88.5.3.tgz", KUBE_PROMETHEUS_STACK_VERSION, "monitoring"],
            ["logs-fluent-bit", "./charts/fluent-bit-0.58.1.tgz", FLUENT_BIT_CHART_VERSION, "logging"],
            ["traces-jaeger", "./charts/jaeger-4.11.1.tgz", JAEGER_CHART_VERSION, "observability"],
        ];
        assert.strictEqual(reg.ofType(RELEASE).length, 3);
        for (const [name, chart, version, namespace] of expected) {
            const r = release(name);
            assert.deepStrictEqual(
                [r.inputs.chart, r.inputs.version, r.inputs.namespace, r.provider],
                [chart, version, namespace, "k8s"],
                name,
            );
            assert.match(r.inputs.version, SEMVER);
            assert.notStrictEqual(r.inputs.version, "latest");
        }
        assert.deepStrictEqual(release("logs-fluent-bit").dependsOn, [
            "kubernetes:core/v1:Namespace::logging",
            "platform:observability:ObservabilityRoles::obs",
        ]);
        assert.deepStrictEqual(release("traces-jaeger").dependsOn, [
            "kubernetes:core/v1:Namespace::observability",
            "platform:observability:ObservabilityRoles::obs",
        ]);
        assert.deepStrictEqual(release("metrics-kube-prometheus-stack").dependsOn, [
            "kubernetes:core/v1:Namespace::monitoring",
            "kubernetes:core/v1:Secret::metrics-grafana-admin",
            "platform:cluster:PodIdentityRole::metrics-alertmanager",
        ]);
    });

    it("does not make pulumi up wait for the big charts", () => {
        assert.strictEqual(release("metrics-kube-prometheus-stack").inputs.skipAwait, true);
        assert.strictEqual(release("traces-jaeger").inputs.skipAwait, true);
        assert.ok(release("logs-fluent-bit").inputs.timeout <= 300);
    });

    it("runs Fluent Bit and Jaeger as the service accounts their associations name", () => {
        const fluentBit = release("logs-fluent-bit").inputs.values;
        assert.deepStrictEqual(fluentBit.serviceAccount, { create: true, name: associationOf("obs-logs").inputs.serviceAccount });
        // The jaeger chart names its ServiceAccount after fullnameOverride.
        assert.strictEqual(release("traces-jaeger").inputs.values.fullnameOverride, associationOf("obs-traces").inputs.serviceAccount);
    });

    it("points Fluent Bit and Jaeger at the OpenSearch endpoint with SigV4", () => {
        const outputs: string = release("logs-fluent-bit").inputs.values.config.outputs;
        for (const line of [
            `Host ${ENDPOINT}`,
            "Port 443",
            "tls On",
            "AWS_Auth On",
            `AWS_Region ${MOCK_REGION}`,
            "Logstash_Format On",
            "Logstash_Prefix logs",
            "Suppress_Type_Name On",
        ]) {
            assert.ok(
                outputs
                    .split("\n")
                    .map((l) => l.trim())
                    .includes(line),
                line,
            );
        }
        const jaeger = release("traces-jaeger").inputs.values.userconfig;
        assert.deepStrictEqual(jaeger.extensions.jaeger_storage.backends.opensearch.opensearch.server_urls, [`https://${ENDPOINT}`]);
        assert.deepStrictEqual(jaeger.extensions.jaeger_storage.backends.opensearch.opensearch.auth, { authenticator: "sigv4auth" });
        assert.deepStrictEqual(jaeger.extensions.sigv4auth, { region: MOCK_REGION, service: "es" });
    });

    it("keeps Grafana's generated admin password in its own Secret, secret everywhere, and points the chart at it", () => {
        const secret = reg.one("kubernetes:core/v1:Secret", "metrics-grafana-admin");
        assert.deepStrictEqual(secret.inputs.metadata, { name: "grafana-admin", namespace: "monitoring" });
        assert.ok(isSecretInput(secret, "stringData.admin-password"));
        const data = secret.inputs.stringData;
        assert.strictEqual(data["admin-user"], "admin");
        assert.strictEqual(data["admin-password"], reg.one("random:index/randomPassword:RandomPassword").outputs.result);
        assert.deepStrictEqual(reg.outputs.grafanaAdminPassword, { value: data["admin-password"], secret: true });
        const grafana = release("metrics-kube-prometheus-stack").inputs.values.grafana;
        assert.deepStrictEqual(grafana.admin, { existingSecret: "grafana-admin", userKey: "admin-user", passwordKey: "admin-password" });
        assert.strictEqual(JSON.stringify(release("metrics-kube-prometheus-stack").inputs.values).includes(data["admin-password"]), false);
    });

    it("sizes Prometheus by tier on gp3 and exposes Grafana only when asked", () => {
        const values = release("metrics-kube-prometheus-stack").inputs.values;
        const spec = values.prometheus.prometheusSpec;
        assert.deepStrictEqual([spec.retention, spec.retentionSize, spec.replicas], ["15d", "42GiB", 2]);
        assert.deepStrictEqual(spec.storageSpec.volumeClaimTemplate.spec.storageClassName, "gp3");
        assert.deepStrictEqual(spec.storageSpec.volumeClaimTemplate.spec.resources, { requests: { storage: "50Gi" } });
        assert.strictEqual(values.crds.enabled, true);
        assert.deepStrictEqual(values.grafana.ingress, {
            enabled: true,
            ingressClassName: "nginx",
            hosts: ["grafana.test.example.com"],
            path: "/",
        });
        assert.strictEqual(reg.outputs.grafanaUrl.value, "https://grafana.test.example.com");
        assert.deepStrictEqual(release("traces-jaeger").inputs.values.jaeger.ingress, { enabled: false });
    });

    it("outputs the in-cluster OTLP endpoints for the platform-endpoints ConfigMap", () => {
        assert.deepStrictEqual(reg.outputs.otlpEndpoint, { value: "http://jaeger.observability.svc:4317", secret: false });
        assert.strictEqual(reg.outputs.queryUrl.value, "http://jaeger.observability.svc:16686");
    });
});

describe("observability: Metrics outlives nothing it needs on destroy", () => {
    it("makes every child that can create a volume depend on what opts.dependsOn names (the EBS CSI add-on, the nodes)", async () => {
        const reg = await runComponent(() => {
            const provider = new k8s.Provider("k8s", { kubeconfig: "{}" });
            const ns = new k8s.core.v1.Namespace("monitoring", { metadata: { name: "monitoring" } }, { provider });
            const csi = new aws.eks.Addon("ebs-csi", { clusterName: "platform-test", addonName: "aws-ebs-csi-driver" });
            new Metrics(
                "metrics",
                {
                    namespace: "monitoring",
                    domain: "test.example.com",
                    retention: "3d",
                    storageGb: 20,
                    grafanaExposed: false,
                    replicas: 1,
                    clusterName: "platform-test",
                    region: MOCK_REGION,
                    alarmTopicArn: TOPIC_ARN,
                },
                { provider, dependsOn: [ns, csi] },
            );
        });
        // The release makes the Prometheus and Alertmanager PVCs (through the operator's StatefulSets).
        const volumeMakers = reg.resources.filter(
            (r) =>
                r.parent === "platform:observability:Metrics::metrics" &&
                ["kubernetes:helm.sh/v3:Release", "kubernetes:core/v1:PersistentVolumeClaim", "kubernetes:apps/v1:StatefulSet"].includes(
                    r.type,
                ),
        );
        assert.strictEqual(volumeMakers.length, 1);
        for (const r of volumeMakers)
            assert.ok(r.dependsOn.includes("aws:eks/addon:Addon::ebs-csi"), `${r.key}: ${r.dependsOn.join(", ")}`);
        // Without a KMS key the role may publish and nothing else.
        const policy = JSON.parse(reg.one("aws:iam/rolePolicy:RolePolicy", "metrics-alertmanager-policy-0").inputs.policy);
        assert.deepStrictEqual(policy.Statement, [{ Sid: "PublishAlarms", Effect: "Allow", Action: "sns:Publish", Resource: TOPIC_ARN }]);
    });
});
