import * as assert from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import {
    Monitoring,
    type MonitoringArgs,
    alarmSpecs,
    dashboardBody,
    emailSlug,
    rdsFreeStorageThresholdBytes,
    validateMonitoringArgs,
} from "../components/monitoring";
import { runComponent } from "../offline/engine/program";
import type { RecordedResource, Registry } from "../offline/engine/registry";

const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const TOPIC = "aws:sns/topic:Topic";
const SUB = "aws:sns/topicSubscription:TopicSubscription";

// Identifiers as the layers would output them; Outputs on purpose, so the dashboard must resolve them.
const sections = () => ({
    alb: {
        arnSuffix: pulumi.output("app/dev-alb/0123456789abcdef"),
        targetGroupArnSuffix: pulumi.output("targetgroup/dev-ingress/fedcba9876543210"),
    },
    database: { identifier: pulumi.output("dev-postgres-1a2b3c"), allocatedStorageGb: 20 },
    kafka: { clusterName: pulumi.output("dev-kafka-9z8y"), brokerCount: 3 },
    search: { domainName: pulumi.output("dev-search"), accountId: pulumi.output("000000000000") },
    cluster: { name: pulumi.output("platform-dev") },
});

function monitoring(extra: Partial<MonitoringArgs> = {}, withSections = true) {
    return () => {
        const m = new Monitoring("dev-monitoring", {
            region: "us-east-1",
            alarmEmails: ["oncall@example.com", "Ops.Team@example.org"],
            ...(withSections ? sections() : {}),
            ...extra,
        });
        return { dashboardName: m.dashboardName, alarmTopicArn: m.alarmTopicArn };
    };
}

const roles = (reg: Registry) =>
    reg
        .ofType(ALARM)
        .map((a) => a.name.replace(/^dev-monitoring-/, ""))
        .sort();
const body = (reg: Registry) => JSON.parse(reg.one("aws:cloudwatch/dashboard:Dashboard").inputs.dashboardBody);
const metricsOf = (b: { widgets: { type: string; properties: { metrics?: unknown[][] } }[] }) =>
    b.widgets.filter((w) => w.type === "metric").flatMap((w) => w.properties.metrics!);

describe("monitoring: plain builders", () => {
    it("no section, no alarm and an empty dashboard", () => {
        assert.deepStrictEqual(alarmSpecs({}), []);
        assert.deepStrictEqual(dashboardBody({}, "us-east-1"), { widgets: [] });
    });

    const plain = {
        alb: { arnSuffix: "app/a/1", targetGroupArnSuffix: "targetgroup/t/2" },
        database: { identifier: "db-1", allocatedStorageGb: 20 },
        kafka: { clusterName: "k-1", brokerCount: 2 },
        search: { domainName: "s-1", accountId: "000000000000" },
        vpnSchedule: {
            releaseStateMachineArn: "arn:aws:states:us-east-1:000000000000:stateMachine:release",
            scheduleGroupName: "dev-vpn-office-hours",
        },
    };
    const rows: [keyof typeof plain, string[]][] = [
        ["vpnSchedule", ["vpn-release-failed", "vpn-schedule-dropped"]],
        ["alb", ["alb-5xx-rate", "alb-unhealthy-hosts", "alb-no-healthy-hosts"]],
        ["database", ["rds-free-storage"]],
        ["kafka", ["kafka-disk-broker-1", "kafka-disk-broker-2"]],
        ["search", ["opensearch-red"]],
    ];
    for (const [key, expected] of rows) {
        it(`${key} alone gives ${expected.join(", ")}`, () =>
            assert.deepStrictEqual(
                alarmSpecs({ [key]: plain[key] }).map((s) => s.role),
                expected,
            ));
    }

    it("the VPN's office hours: any failed release or dropped scheduled call alarms, and quiet hours do not", () => {
        const [release, dropped] = alarmSpecs({ vpnSchedule: plain.vpnSchedule }).map((a) => a.args);
        assert.deepStrictEqual(
            [release.namespace, release.metricName, release.dimensions],
            ["AWS/States", "ExecutionsFailed", { StateMachineArn: plain.vpnSchedule.releaseStateMachineArn }],
        );
        assert.deepStrictEqual(
            [dropped.namespace, dropped.metricName, dropped.dimensions],
            ["AWS/Scheduler", "InvocationDroppedCount", { ScheduleGroup: "dev-vpn-office-hours" }],
        );
        for (const a of [release, dropped]) {
            assert.deepStrictEqual(
                [a.statistic, a.comparisonOperator, a.threshold, a.treatMissingData],
                ["Sum", "GreaterThanOrEqualToThreshold", 1, "notBreaching"],
            );
        }
    });

    it("the RDS threshold is 10% of the allocated storage, in bytes", () => {
        assert.strictEqual(rdsFreeStorageThresholdBytes(20), 2147483648);
        assert.strictEqual(alarmSpecs({ database: plain.database })[0].args.threshold, 2147483648);
    });

    it("the ALB 5xx alarm adds target and ALB 5xx over the request count, ignoring quiet minutes", () => {
        const q = alarmSpecs({ alb: plain.alb })[0].args.metricQueries as { id: string; expression?: string; returnData?: boolean }[];
        assert.deepStrictEqual(
            q.map((x) => [x.id, x.returnData]),
            [
                ["target5xx", false],
                ["elb5xx", false],
                ["requests", false],
                ["rate", true],
            ],
        );
        assert.strictEqual(q[3].expression, "IF(requests >= 20, 100 * (FILL(target5xx, 0) + FILL(elb5xx, 0)) / requests, 0)");
    });

    it("the dashboard has a heading and the widgets of each section present only", () => {
        const b = dashboardBody({ alb: plain.alb }, "eu-west-1");
        assert.deepStrictEqual(
            b.widgets.map((w) => w.properties.title ?? w.properties.markdown),
            ["## Traffic (ALB)", "ALB requests", "ALB 5xx", "ALB target response time", "ALB targets"],
        );
        assert.ok(b.widgets.filter((w) => w.type === "metric").every((w) => w.properties.region === "eu-west-1"));
        assert.deepStrictEqual(
            b.widgets.slice(1).map((w) => [w.x, w.y]),
            [
                [0, 1],
                [12, 1],
                [0, 7],
                [12, 7],
            ],
        );
    });

    const ok: MonitoringArgs = { region: "us-east-1", alarmEmails: ["a@example.com"] };
    const bad: [string, MonitoringArgs, string[]][] = [
        ["valid", ok, []],
        [
            "not an address",
            { ...ok, alarmEmails: ["oncall"] },
            ['alarmEmails: "oncall" is not an e-mail address. Use an address such as oncall@example.com.'],
        ],
        ["twice", { ...ok, alarmEmails: ["a@example.com", "a@example.com"] }, ["alarmEmails: a@example.com listed more than once."]],
        ["no brokers", { ...ok, kafka: { clusterName: "k", brokerCount: 0 } }, ["kafka.brokerCount 0 must be a whole number >= 1."]],
        ["no storage", { ...ok, database: { identifier: "d", allocatedStorageGb: 0 } }, ["database.allocatedStorageGb 0 must be > 0."]],
    ];
    for (const [label, input, expected] of bad) {
        it(`validateMonitoringArgs: ${label}`, () => assert.deepStrictEqual(validateMonitoringArgs(input), expected));
    }
    it("subscriptions are named by address", () => assert.strictEqual(emailSlug("Ops.Team@example.org"), "ops-team-example-org"));
});

describe("monitoring: Monitoring with every layer", () => {
    let reg: Registry;
    before(async () => {
        reg = await runComponent(monitoring());
    });

    it("declares one dashboard named after the environment and one topic", () => {
        assert.strictEqual(reg.one("aws:cloudwatch/dashboard:Dashboard").inputs.dashboardName, "dev-monitoring");
        assert.strictEqual(reg.outputs.dashboardName.value, "dev-monitoring");
        assert.strictEqual(reg.outputs.alarmTopicArn.value, reg.one(TOPIC).outputs.arn);
    });

    it("builds the dashboard from the identifiers passed in", () => {
        const metrics = metricsOf(body(reg));
        const has = (...line: string[]) => metrics.some((m) => line.every((v, i) => m[i] === v));
        assert.ok(has("AWS/ApplicationELB", "RequestCount", "LoadBalancer", "app/dev-alb/0123456789abcdef"));
        assert.ok(
            has(
                "AWS/ApplicationELB",
                "HealthyHostCount",
                "TargetGroup",
                "targetgroup/dev-ingress/fedcba9876543210",
                "LoadBalancer",
                "app/dev-alb/0123456789abcdef",
            ),
        );
        assert.ok(has("AWS/RDS", "FreeStorageSpace", "DBInstanceIdentifier", "dev-postgres-1a2b3c"));
        for (const id of ["1", "2", "3"])
            assert.ok(has("AWS/Kafka", "KafkaDataLogsDiskUsed", "Cluster Name", "dev-kafka-9z8y", "Broker ID", id));
        assert.ok(has("AWS/ES", "ClusterStatus.red", "DomainName", "dev-search", "ClientId", "000000000000"));
        assert.ok(has("ContainerInsights", "node_cpu_utilization", "ClusterName", "platform-dev"));
        const p = metrics.filter((m) => m[1] === "TargetResponseTime").map((m) => (m[m.length - 1] as { stat: string }).stat);
        assert.deepStrictEqual(p, ["p95", "p99"]);
    });

    it("declares the alarms of every section, each notifying the topic on ALARM and OK", () => {
        assert.deepStrictEqual(roles(reg), [
            "alb-5xx-rate",
            "alb-no-healthy-hosts",
            "alb-unhealthy-hosts",
            "kafka-disk-broker-1",
            "kafka-disk-broker-2",
            "kafka-disk-broker-3",
            "opensearch-red",
            "rds-free-storage",
        ]);
        const arn = reg.one(TOPIC).outputs.arn;
        for (const a of reg.ofType(ALARM)) {
            assert.deepStrictEqual([a.inputs.alarmActions, a.inputs.okActions], [[arn], [arn]], a.name);
            assert.ok(["missing", "breaching", "notBreaching"].includes(a.inputs.treatMissingData), a.name);
        }
    });

    it("points each alarm at the right resource, with a deliberate missing-data policy", () => {
        const alarm = (role: string): RecordedResource => reg.one(ALARM, `dev-monitoring-${role}`);
        assert.deepStrictEqual(alarm("rds-free-storage").inputs.dimensions, { DBInstanceIdentifier: "dev-postgres-1a2b3c" });
        assert.deepStrictEqual(alarm("opensearch-red").inputs.dimensions, { DomainName: "dev-search", ClientId: "000000000000" });
        assert.deepStrictEqual(alarm("kafka-disk-broker-2").inputs.dimensions, { "Cluster Name": "dev-kafka-9z8y", "Broker ID": "2" });
        assert.deepStrictEqual(alarm("alb-no-healthy-hosts").inputs.dimensions, {
            TargetGroup: "targetgroup/dev-ingress/fedcba9876543210",
            LoadBalancer: "app/dev-alb/0123456789abcdef",
        });
        assert.strictEqual(alarm("alb-5xx-rate").inputs.metricQueries[2].metric.dimensions.LoadBalancer, "app/dev-alb/0123456789abcdef");
        assert.deepStrictEqual(
            [
                "rds-free-storage",
                "opensearch-red",
                "kafka-disk-broker-1",
                "alb-5xx-rate",
                "alb-unhealthy-hosts",
                "alb-no-healthy-hosts",
            ].map((r) => alarm(r).inputs.treatMissingData),
            ["missing", "breaching", "missing", "notBreaching", "notBreaching", "breaching"],
        );
        assert.deepStrictEqual([alarm("kafka-disk-broker-1").inputs.threshold, alarm("opensearch-red").inputs.threshold], [80, 1]);
    });

    it("subscribes each e-mail address once", () => {
        const subs = reg.ofType(SUB);
        assert.deepStrictEqual(
            subs.map((s) => [s.name, s.inputs.protocol, s.inputs.endpoint]),
            [
                ["dev-monitoring-email-oncall-example-com", "email", "oncall@example.com"],
                ["dev-monitoring-email-ops-team-example-org", "email", "Ops.Team@example.org"],
            ],
        );
        assert.ok(subs.every((s) => s.inputs.topic === reg.one(TOPIC).outputs.arn));
    });

    it("encrypts the topic with its own key that CloudWatch may use (never alias/aws/sns)", () => {
        const key = reg.one("aws:kms/key:Key");
        assert.strictEqual(reg.one(TOPIC).inputs.kmsMasterKeyId, key.outputs.arn);
        const policy = JSON.parse(key.inputs.policy);
        const cw = policy.Statement.find((s: { Sid: string }) => s.Sid === "CloudWatchAlarms");
        assert.deepStrictEqual(
            [cw.Principal, cw.Action],
            [{ Service: "cloudwatch.amazonaws.com" }, ["kms:GenerateDataKey*", "kms:Decrypt"]],
        );
        assert.strictEqual(key.inputs.enableKeyRotation, true);
        assert.strictEqual(reg.one("aws:kms/alias:Alias").inputs.name, "alias/dev-monitoring-alarms");
    });
});

describe("monitoring: Monitoring before the data and edge layers exist", () => {
    let reg: Registry;
    before(async () => {
        reg = await runComponent(
            monitoring(
                { cluster: { name: "platform-dev" }, kmsKeyArn: "arn:aws:kms:us-east-1:000000000000:key/passed", protect: true },
                false,
            ),
        );
    });

    it("has no alarm and only the EKS widgets", () => {
        assert.deepStrictEqual(reg.ofType(ALARM), []);
        const namespaces = new Set(metricsOf(body(reg)).map((m) => m[0]));
        assert.deepStrictEqual([...namespaces], ["ContainerInsights"]);
    });

    it("uses the passed key and creates none", () => {
        assert.strictEqual(reg.one(TOPIC).inputs.kmsMasterKeyId, "arn:aws:kms:us-east-1:000000000000:key/passed");
        assert.deepStrictEqual(reg.ofType("aws:kms/key:Key"), []);
    });
});
