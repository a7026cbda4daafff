import * as assert from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { Search, type SearchArgs, checkDomainName, searchDomainArn } from "../components/data";
import { TIER_DEFAULTS } from "../stacks/tiers";
import type { Tier } from "../stacks/types";
import { MOCK_ACCOUNT, MOCK_REGION, mockHost } from "../offline/engine/fakes";
import { runComponent } from "../offline/engine/program";
import type { Registry } from "../offline/engine/registry";

const KEY = "arn:aws:kms:us-east-1:000000000000:key/mock-opensearch";
const role = (n: string) => `arn:aws:iam::${MOCK_ACCOUNT}:role/${n}`;
const SUBNETS = ["subnet-mock-private-0", "subnet-mock-private-1", "subnet-mock-private-2"];
const DOMAIN_ARN = searchDomainArn(MOCK_REGION, MOCK_ACCOUNT, "dev-search");
const T = {
    domain: "aws:opensearch/domain:Domain",
    logs: "aws:cloudwatch/logGroup:LogGroup",
    logPolicy: "aws:cloudwatch/logResourcePolicy:LogResourcePolicy",
    sg: "aws:ec2/securityGroup:SecurityGroup",
    ingress: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
};

function declare(tier: Tier, extra: Partial<SearchArgs> = {}): Promise<Registry> {
    return runComponent(() => {
        const search = new Search("search", {
            domainName: "dev-search",
            vpcId: "vpc-mock-n-vpc",
            subnetIds: pulumi.output(SUBNETS),
            clientSecurityGroupIds: [pulumi.output("sg-mock-cluster")],
            kmsKeyArn: KEY,
            settings: TIER_DEFAULTS[tier].search,
            protect: TIER_DEFAULTS[tier].protect,
            logRetentionDays: TIER_DEFAULTS[tier].cluster.logRetentionDays,
            masterRoleArn: pulumi.output(role("search-admin")),
            // Jaeger twice (an Output and a string) must collapse to one principal.
            accessRoleArns: [role("fluent-bit"), pulumi.output(role("jaeger")), role("jaeger")],
            ...extra,
        });
        return { endpoint: search.endpoint, arn: search.arn, domainName: search.domainName, securityGroupId: search.securityGroupId };
    });
}

describe("data: Search", () => {
    let dev: Registry;
    let staging: Registry;
    before(async () => {
        dev = await declare("dev");
        staging = await declare("staging", { dedicatedMasterType: "m6g.large.search" });
    });

    it("declares a domain, a log group with its resource policy, its own group and one rule per client", () => {
        const counts = dev.countByType();
        assert.deepStrictEqual(
            [T.domain, T.logs, T.logPolicy, T.sg, T.ingress].map((t) => counts[t] ?? 0),
            [1, 1, 1, 1, 1],
        );
        assert.strictEqual(dev.descendantsOf(dev.one("platform:data:Search", "search")).length, 5);
    });

    it("dev: one node in the first private subnet, no zone awareness, no dedicated masters, gp3", () => {
        const d = dev.one(T.domain).inputs;
        assert.deepStrictEqual([d.domainName, d.engineVersion], ["dev-search", "OpenSearch_2.19"]);
        const c = d.clusterConfig;
        assert.deepStrictEqual(
            [
                c.instanceType,
                c.instanceCount,
                c.zoneAwarenessEnabled,
                c.zoneAwarenessConfig,
                c.dedicatedMasterEnabled,
                c.dedicatedMasterCount,
            ],
            ["t3.small.search", 1, false, undefined, false, undefined],
        );
        assert.deepStrictEqual(d.vpcOptions, { subnetIds: [SUBNETS[0]], securityGroupIds: [dev.one(T.sg).id] });
        assert.deepStrictEqual(d.ebsOptions, { ebsEnabled: true, volumeType: "gp3", volumeSize: 10 });
        assert.strictEqual(dev.one(T.domain).protect, false);
    });

    it("staging: 3 nodes over 3 AZs with zone awareness, 3 dedicated masters when asked, protected", () => {
        const domain = staging.one(T.domain);
        const c = domain.inputs.clusterConfig;
        assert.deepStrictEqual(
            [
                c.instanceCount,
                c.zoneAwarenessEnabled,
                c.zoneAwarenessConfig,
                c.dedicatedMasterEnabled,
                c.dedicatedMasterType,
                c.dedicatedMasterCount,
            ],
            [3, true, { availabilityZoneCount: 3 }, true, "m6g.large.search", 3],
        );
        assert.deepStrictEqual(domain.inputs.vpcOptions.subnetIds, SUBNETS);
        assert.strictEqual(domain.protect, true);
        assert.strictEqual(staging.one(T.logs).inputs.retentionInDays, 30);
    });

    it("encrypts at rest with the layer's key and node to node; HTTPS only with the TLS 1.2 PFS policy", () => {
        const d = dev.one(T.domain).inputs;
        assert.deepStrictEqual(d.encryptAtRest, { enabled: true, kmsKeyId: KEY });
        assert.deepStrictEqual(d.nodeToNodeEncryption, { enabled: true });
        assert.deepStrictEqual(d.domainEndpointOptions, { enforceHttps: true, tlsSecurityPolicy: "Policy-Min-TLS-1-2-PFS-2023-10" });
    });

    it("turns on fine-grained access control with the IAM master role and no internal users", () => {
        assert.deepStrictEqual(dev.one(T.domain).inputs.advancedSecurityOptions, {
            enabled: true,
            anonymousAuthEnabled: false,
            internalUserDatabaseEnabled: false,
            masterUserOptions: { masterUserArn: role("search-admin") },
        });
    });

    it("admits exactly the access roles and the master role, with es:ESHttp* on the domain", () => {
        const policy = JSON.parse(dev.one(T.domain).inputs.accessPolicies);
        assert.deepStrictEqual(policy.Statement, [
            {
                Effect: "Allow",
                Principal: { AWS: [role("fluent-bit"), role("jaeger"), role("search-admin")] },
                Action: "es:ESHttp*",
                Resource: `${DOMAIN_ARN}/*`,
            },
        ]);
    });

    it("publishes slow and application logs to its log group, which only this domain may write to", () => {
        const logs = dev.one(T.logs);
        const d = dev.one(T.domain);
        assert.deepStrictEqual(
            d.inputs.logPublishingOptions,
            ["INDEX_SLOW_LOGS", "SEARCH_SLOW_LOGS", "ES_APPLICATION_LOGS"].map((logType) => ({
                logType,
                enabled: true,
                cloudwatchLogGroupArn: logs.outputs.arn,
            })),
        );
        assert.strictEqual(logs.inputs.retentionInDays, 7);
        const policy = dev.one(T.logPolicy);
        assert.deepStrictEqual(JSON.parse(policy.inputs.policyDocument).Statement, [
            {
                Effect: "Allow",
                Principal: { Service: "es.amazonaws.com" },
                Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
                Resource: `${logs.outputs.arn}:*`,
                Condition: { StringEquals: { "aws:SourceAccount": MOCK_ACCOUNT }, ArnLike: { "aws:SourceArn": DOMAIN_ARN } },
            },
        ]);
        assert.deepStrictEqual(d.dependsOn, [policy.key]);
    });

    it("opens 443 only from the client security groups", () => {
        const rule = dev.one(T.ingress).inputs;
        assert.deepStrictEqual(
            [rule.securityGroupId, rule.referencedSecurityGroupId, rule.fromPort, rule.toPort, rule.cidrIpv4],
            [dev.one(T.sg).id, "sg-mock-cluster", 443, 443, undefined],
        );
    });

    it("exports endpoint, ARN (the one searchDomainArn computes), name and security group", () => {
        assert.deepStrictEqual(dev.outputs.arn, { value: DOMAIN_ARN, secret: false });
        assert.strictEqual(dev.outputs.endpoint.value, `vpc-${mockHost("dev-search", "es")}`);
        assert.strictEqual(dev.outputs.domainName.value, "dev-search");
        assert.strictEqual(dev.outputs.securityGroupId.value, dev.one(T.sg).id);
    });
});

describe("data: checkDomainName", () => {
    for (const ok of ["dev-search", "abc", "a".repeat(28)]) it(`accepts ${ok}`, () => checkDomainName(ok));
    for (const bad of ["ab", "Dev-search", "1search", "a".repeat(29), "dev_search"]) {
        it(`rejects "${bad}"`, () => {
            assert.throws(() => checkDomainName(bad), {
                message: `Search: domainName "${bad}" is not an OpenSearch domain name. Use 3-28 characters: a lowercase letter, then lowercase letters, digits or hyphens.`,
            });
        });
    }
});
