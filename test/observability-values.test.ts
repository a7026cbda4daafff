import * as assert from "node:assert";
import { jaegerConfig, logsValues, metricsValues, searchAccessPolicy, tracesValues } from "../components/observability";

const ENDPOINT = "vpc-platform-dev-mock.us-east-1.es.amazonaws.com";
const TOPIC = "arn:aws:sns:us-east-1:000000000000:dev-monitoring-alarms";
const alerting = { alarmTopicArn: TOPIC, region: "us-east-1" };

describe("observability: metricsValues", () => {
    const tiers: [
        string,
        { retention: string; storageGb: number; replicas: number },
        { retentionSize: string; prometheus: number; alertmanager: number },
    ][] = [
        ["dev", { retention: "3d", storageGb: 20, replicas: 1 }, { retentionSize: "17GiB", prometheus: 1, alertmanager: 1 }],
        ["staging", { retention: "15d", storageGb: 50, replicas: 2 }, { retentionSize: "42GiB", prometheus: 2, alertmanager: 2 }],
        ["prod", { retention: "30d", storageGb: 100, replicas: 3 }, { retentionSize: "85GiB", prometheus: 2, alertmanager: 3 }],
    ];
    for (const [tier, input, expected] of tiers) {
        it(`sizes ${tier}: retention ${input.retention}, ${input.storageGb} GiB gp3, ${expected.prometheus} Prometheus, ${expected.alertmanager} Alertmanager`, () => {
            const v = metricsValues({ domain: "dev.example.com", storageClass: "gp3", grafanaExposed: false, ...alerting, ...input });
            const p = v.prometheus.prometheusSpec;
            assert.deepStrictEqual(
                [p.retention, p.retentionSize, p.replicas],
                [input.retention, expected.retentionSize, expected.prometheus],
            );
            assert.deepStrictEqual(p.storageSpec, {
                volumeClaimTemplate: {
                    spec: {
                        storageClassName: "gp3",
                        accessModes: ["ReadWriteOnce"],
                        resources: { requests: { storage: `${input.storageGb}Gi` } },
                    },
                },
            });
            assert.strictEqual(v.alertmanager.alertmanagerSpec.replicas, expected.alertmanager);
        });
    }

    it("leaves Grafana unexposed (no Ingress, no root_url) unless asked", () => {
        const v = metricsValues({
            domain: "dev.example.com",
            storageClass: "gp3",
            grafanaExposed: false,
            retention: "3d",
            storageGb: 20,
            replicas: 1,
            ...alerting,
        });
        assert.deepStrictEqual(v.grafana.ingress, { enabled: false });
        assert.strictEqual(v.grafana["grafana.ini"], undefined);
        const exposed = metricsValues({
            domain: "dev.example.com",
            storageClass: "gp3",
            grafanaExposed: true,
            retention: "3d",
            storageGb: 20,
            replicas: 1,
            ...alerting,
        });
        assert.deepStrictEqual(exposed.grafana.ingress, {
            enabled: true,
            ingressClassName: "nginx",
            hosts: ["grafana.dev.example.com"],
            path: "/",
        });
        assert.deepStrictEqual(exposed.grafana["grafana.ini"], { server: { root_url: "https://grafana.dev.example.com" } });
    });

    it("installs the operator's CRDs with the chart, upgrades them with its hook Job, and watches every namespace's monitors", () => {
        const v = metricsValues({
            domain: "d.example.com",
            storageClass: "gp3",
            grafanaExposed: false,
            retention: "3d",
            storageGb: 20,
            replicas: 1,
            ...alerting,
        });
        assert.deepStrictEqual(v.crds, {
            enabled: true,
            upgradeJob: { enabled: true, forceConflicts: true, image: { busybox: { tag: "1.37.0" } } },
        });
        assert.strictEqual(v.prometheus.prometheusSpec.serviceMonitorSelectorNilUsesHelmValues, false);
        assert.strictEqual(v.prometheus.prometheusSpec.podMonitorSelectorNilUsesHelmValues, false);
    });
});

describe("observability: logsValues", () => {
    const v = logsValues({ searchEndpoint: ENDPOINT, region: "eu-west-1", indexPrefix: "logs" });
    const lines = (s: string) =>
        s
            .split("\n")
            .map((l) => l.trim())
            .filter(Boolean);

    it("tails container logs and adds Kubernetes metadata", () => {
        assert.deepStrictEqual(lines(v.config.inputs).slice(0, 3), ["[INPUT]", "Name tail", "Path /var/log/containers/*.log"]);
        assert.ok(lines(v.config.filters).includes("Name kubernetes"));
        assert.ok(lines(v.config.filters).includes("Match kube.*"));
    });

    it("ships to OpenSearch on 443 with TLS and SigV4 in daily logstash indices", () => {
        assert.deepStrictEqual(
            lines(v.config.outputs)
                .filter((l) => !l.startsWith("["))
                .slice(0, 13),
            [
                "Name opensearch",
                "Match kube.*",
                `Host ${ENDPOINT}`,
                "Port 443",
                "tls On",
                "tls.verify On",
                "AWS_Auth On",
                "AWS_Region eu-west-1",
                "Logstash_Format On",
                "Logstash_Prefix logs",
                "Logstash_DateFormat %Y.%m.%d",
                "Suppress_Type_Name On",
                "Replace_Dots On",
            ],
        );
    });

    it("runs as the fluent-bit service account and drops the chart's busybox:latest test pod", () => {
        assert.deepStrictEqual(v.serviceAccount, { create: true, name: "fluent-bit" });
        assert.deepStrictEqual(v.testFramework, { enabled: false });
        assert.ok(v.resources.requests && v.resources.limits);
    });
});

describe("observability: tracesValues", () => {
    const args = { searchEndpoint: ENDPOINT, region: "eu-west-1", domain: "dev.example.com", exposed: true, replicas: 1, indexReplicas: 0 };

    it("stores spans in OpenSearch over HTTPS with SigV4 and receives OTLP gRPC and HTTP", () => {
        const c = jaegerConfig(args);
        assert.deepStrictEqual(c.service.pipelines.traces, {
            receivers: ["otlp"],
            processors: ["batch"],
            exporters: ["jaeger_storage_exporter"],
        });
        assert.ok(c.service.extensions.includes("sigv4auth"));
        assert.deepStrictEqual(c.receivers.otlp.protocols, { grpc: { endpoint: "0.0.0.0:4317" }, http: { endpoint: "0.0.0.0:4318" } });
        const os = c.extensions.jaeger_storage.backends.opensearch.opensearch;
        assert.deepStrictEqual(os.server_urls, [`https://${ENDPOINT}`]);
        assert.deepStrictEqual(os.auth, { authenticator: "sigv4auth" });
        assert.deepStrictEqual(os.indices.spans, { shards: 1, replicas: 0 });
        assert.strictEqual(c.exporters.jaeger_storage_exporter.trace_storage, "opensearch");
        assert.strictEqual(c.extensions.jaeger_query.storage.traces, "opensearch");
        // The chart's probes hit :13133/status from the kubelet, so the health check must not listen on localhost.
        assert.deepStrictEqual(c.extensions.healthcheckv2, { use_v2: true, http: { endpoint: "0.0.0.0:13133" } });
    });

    it("runs the pinned v2 image as the jaeger service account, exposed at jaeger.<domain> only when asked", () => {
        const v = tracesValues(args);
        assert.strictEqual(v.fullnameOverride, "jaeger");
        assert.match(v.jaeger.image.tag, /^2\.\d+\.\d+$/);
        assert.deepStrictEqual(v.jaeger.ingress, {
            enabled: true,
            ingressClassName: "nginx",
            hosts: ["jaeger.dev.example.com"],
            pathType: "Prefix",
        });
        assert.deepStrictEqual(tracesValues({ ...args, exposed: false }).jaeger.ingress, { enabled: false });
        assert.deepStrictEqual(v.jaeger.topologySpreadConstraints, []);
        assert.strictEqual(
            tracesValues({ ...args, replicas: 3 }).jaeger.topologySpreadConstraints[0].topologyKey,
            "topology.kubernetes.io/zone",
        );
        assert.strictEqual(v.jaeger.securityContext.readOnlyRootFilesystem, true);
    });
});

describe("observability: searchAccessPolicy", () => {
    it("allows the given actions on the domain's paths only", () => {
        assert.deepStrictEqual(JSON.parse(searchAccessPolicy("arn:aws:es:eu-west-1:000000000000:domain/d", ["es:ESHttpPost"])), {
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "OpenSearchHttp",
                    Effect: "Allow",
                    Action: ["es:ESHttpPost"],
                    Resource: "arn:aws:es:eu-west-1:000000000000:domain/d/*",
                },
            ],
        });
    });
});
