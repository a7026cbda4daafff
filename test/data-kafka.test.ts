import * as assert from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { Kafka, kafkaResourceArns, kafkaServerProperties } from "../components/data";
import { TIER_DEFAULTS } from "../stacks/tiers";
import type { KafkaConfig, Tier } from "../stacks/types";
import { mockHost } from "../offline/engine/fakes";
import { runComponent } from "../offline/engine/program";
import type { Registry } from "../offline/engine/registry";

const KEY = "arn:aws:kms:us-east-1:000000000000:key/mock-msk";
const T = {
    cluster: "aws:msk/cluster:Cluster",
    config: "aws:msk/configuration:Configuration",
    logs: "aws:cloudwatch/logGroup:LogGroup",
    sg: "aws:ec2/securityGroup:SecurityGroup",
    ingress: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
};

/** The kafka layer as stacks/ fills it: brokersPerAz times the tier's AZ count. */
function kafkaSettings(tier: Tier): KafkaConfig {
    const { brokersPerAz, ...rest } = TIER_DEFAULTS[tier].kafka;
    return { ...rest, brokerCount: brokersPerAz * TIER_DEFAULTS[tier].network.azCount };
}

const subnetsFor = (tier: Tier) => Array.from({ length: TIER_DEFAULTS[tier].network.azCount }, (_, i) => `subnet-mock-private-${i}`);

function declare(tier: Tier): Promise<Registry> {
    return runComponent(() => {
        const kafka = new Kafka("kafka", {
            vpcId: "vpc-mock-n-vpc",
            subnetIds: pulumi.output(subnetsFor(tier)),
            clientSecurityGroupIds: [pulumi.output("sg-mock-cluster")],
            kmsKeyArn: KEY,
            settings: kafkaSettings(tier),
            protect: TIER_DEFAULTS[tier].protect,
            logRetentionDays: TIER_DEFAULTS[tier].cluster.logRetentionDays,
        });
        return {
            bootstrapBrokersIam: kafka.bootstrapBrokersIam,
            bootstrapBrokersTls: kafka.bootstrapBrokersTls,
            clusterArn: kafka.clusterArn,
            clusterName: kafka.clusterName,
            securityGroupId: kafka.securityGroupId,
        };
    });
}

const props = (text: string) => Object.fromEntries(text.split("\n").map((line) => line.split("=")));

describe("data: Kafka", () => {
    let dev: Registry;
    let staging: Registry;
    before(async () => {
        dev = await declare("dev");
        staging = await declare("staging");
    });

    it("declares a cluster, its configuration, a broker log group, its own group and one rule per client", () => {
        const counts = dev.countByType();
        assert.deepStrictEqual(
            [T.cluster, T.config, T.logs, T.sg, T.ingress].map((t) => counts[t] ?? 0),
            [1, 1, 1, 1, 1],
        );
        assert.strictEqual(dev.descendantsOf(dev.one("platform:data:Kafka", "kafka")).length, 5);
    });

    it("places one broker per private subnet with the tier's type, version and volume", () => {
        const c = dev.one(T.cluster).inputs;
        assert.deepStrictEqual(
            [
                c.kafkaVersion,
                c.numberOfBrokerNodes,
                c.brokerNodeGroupInfo.instanceType,
                c.brokerNodeGroupInfo.storageInfo.ebsStorageInfo.volumeSize,
            ],
            ["3.9.x.kraft", 2, "kafka.t3.small", 10],
        );
        assert.deepStrictEqual(c.brokerNodeGroupInfo.clientSubnets, subnetsFor("dev"));
        assert.deepStrictEqual(c.brokerNodeGroupInfo.securityGroups, [dev.one(T.sg).id]);
        assert.deepStrictEqual(c.brokerNodeGroupInfo.connectivityInfo, { publicAccess: { type: "DISABLED" } });
    });

    it("encrypts at rest with the layer's key and in transit with TLS only; IAM is the only client auth", () => {
        const c = dev.one(T.cluster).inputs;
        assert.deepStrictEqual(c.encryptionInfo, {
            encryptionAtRestKmsKeyArn: KEY,
            encryptionInTransit: { clientBroker: "TLS", inCluster: true },
        });
        assert.deepStrictEqual(c.clientAuthentication, { sasl: { iam: true, scram: false }, unauthenticated: false });
    });

    it("sends broker logs to its log group with the given retention", () => {
        const logs = dev.one(T.logs);
        assert.strictEqual(logs.inputs.retentionInDays, 7);
        assert.deepStrictEqual(dev.one(T.cluster).inputs.loggingInfo, {
            brokerLogs: { cloudwatchLogs: { enabled: true, logGroup: logs.inputs.name } },
        });
        assert.strictEqual(logs.inputs.name, "/aws/vendedlogs/platform/kafka/msk-brokers");
    });

    it("uses its configuration's latest revision: no auto-created topics, replication sized to the brokers", () => {
        const config = dev.one(T.config);
        assert.deepStrictEqual(dev.one(T.cluster).inputs.configurationInfo, { arn: config.outputs.arn, revision: 1 });
        const p = props(config.inputs.serverProperties);
        assert.deepStrictEqual(
            [
                p["auto.create.topics.enable"],
                p["default.replication.factor"],
                p["min.insync.replicas"],
                p["unclean.leader.election.enable"],
            ],
            ["false", "2", "1", "false"],
        );
        assert.strictEqual(config.inputs.kafkaVersions, undefined);
    });

    it("opens 9098 only from the client security groups", () => {
        const rule = dev.one(T.ingress).inputs;
        assert.deepStrictEqual(
            [rule.securityGroupId, rule.referencedSecurityGroupId, rule.ipProtocol, rule.fromPort, rule.toPort, rule.cidrIpv4],
            [dev.one(T.sg).id, "sg-mock-cluster", "tcp", 9098, 9098, undefined],
        );
        assert.strictEqual(dev.one(T.sg).inputs.ingress, undefined);
    });

    it("exports the IAM bootstrap string, the cluster's ARN and name, and its security group", () => {
        const host = mockHost("mock-kafka-msk", "kafka");
        assert.deepStrictEqual(dev.outputs.bootstrapBrokersIam, { value: `b-1.${host}:9098,b-2.${host}:9098`, secret: false });
        assert.strictEqual(dev.outputs.clusterName.value, "mock-kafka-msk");
        assert.match(String(dev.outputs.clusterArn.value), /^arn:aws:kafka:us-east-1:000000000000:cluster\/mock-kafka-msk\//);
        assert.strictEqual(dev.outputs.securityGroupId.value, dev.one(T.sg).id);
        assert.match(String(dev.outputs.bootstrapBrokersTls.value), /:9094$/);
    });

    it("dev is unprotected; staging protects a 3-broker m5 cluster with 3 copies and 2 in sync", () => {
        assert.strictEqual(dev.one(T.cluster).protect, false);
        const c = staging.one(T.cluster);
        assert.strictEqual(c.protect, true);
        assert.deepStrictEqual(
            [c.inputs.numberOfBrokerNodes, c.inputs.brokerNodeGroupInfo.instanceType, c.inputs.brokerNodeGroupInfo.clientSubnets.length],
            [3, "kafka.m5.large", 3],
        );
        const p = props(staging.one(T.config).inputs.serverProperties);
        assert.deepStrictEqual([p["default.replication.factor"], p["min.insync.replicas"]], ["3", "2"]);
        assert.strictEqual(staging.one(T.logs).inputs.retentionInDays, 30);
    });
});

describe("data: kafkaServerProperties and kafkaResourceArns", () => {
    const rows: [number, string, string][] = [
        [1, "1", "1"],
        [2, "2", "1"],
        [3, "3", "2"],
        [6, "3", "2"],
    ];
    for (const [brokers, replication, minInsync] of rows) {
        it(`${brokers} broker(s): replication ${replication}, min.insync.replicas ${minInsync}`, () => {
            const p = props(kafkaServerProperties(brokers));
            assert.deepStrictEqual([p["default.replication.factor"], p["min.insync.replicas"]], [replication, minInsync]);
        });
    }
    it("derives topic and group ARNs from the cluster ARN", () => {
        const arn = "arn:aws:kafka:us-east-1:000000000000:cluster/dev-kafka/uuid-1";
        assert.deepStrictEqual(kafkaResourceArns(arn, "traces"), {
            cluster: arn,
            topic: "arn:aws:kafka:us-east-1:000000000000:topic/dev-kafka/uuid-1/traces",
            group: "arn:aws:kafka:us-east-1:000000000000:group/dev-kafka/uuid-1/*",
        });
    });
});
