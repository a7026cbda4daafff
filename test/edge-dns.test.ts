import * as assert from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { AliasRecords, DELEGATION_TTL, Dns, type DnsArgs, checkHosts, uniqueValidationRecords, zoneOptions } from "../components/edge";
import { runComponent } from "../offline/engine/program";
import type { Registry } from "../offline/engine/registry";
import { mockDomainValidationOptions } from "../offline/engine/outputs/edge";

const T = {
    component: "platform:edge:Dns",
    aliases: "platform:edge:AliasRecords",
    zone: "aws:route53/zone:Zone",
    record: "aws:route53/record:Record",
    cert: "aws:acm/certificate:Certificate",
    validation: "aws:acm/certificateValidation:CertificateValidation",
};
const DOMAIN = "dev.domain.io";
const PARENT = "ZPARENTDOMAINIO";
const NAME_SERVERS = [1, 2, 3, 4].map((n) => `ns-${n}.mock-${DOMAIN}.awsdns.invalid`);

/** The record types a component declared, by name. */
const records = (reg: Registry, type?: string) => reg.ofType(T.record).filter((r) => type === undefined || r.inputs.type === type);

function declare(args: Partial<DnsArgs> = {}): Promise<Registry> {
    return runComponent(() => {
        const dns = new Dns("edge-dns", { domain: DOMAIN, hosts: ["auth", "shop"], protect: false, ...args });
        const fromValidation = (dns.certificateArn as any).resources() as Set<pulumi.Resource>;
        return {
            zoneId: dns.zoneId,
            nameServers: dns.nameServers,
            certificateArn: dns.certificateArn,
            hostnames: dns.hostnames,
            certificateArnFrom: [...fromValidation].map((r: any) => r.__pulumiType),
        };
    });
}

describe("edge: Dns", () => {
    let delegated: Registry; // parent zone in this account
    let standalone: Registry; // parent elsewhere: name servers are an output
    before(async () => {
        delegated = await declare({ parentZoneId: PARENT, protect: true });
        standalone = await declare();
    });

    it("declares the zone for the domain, protected only when asked", () => {
        const zone = delegated.one(T.zone);
        assert.strictEqual(zone.inputs.name, DOMAIN);
        assert.strictEqual(zone.protect, true);
        assert.strictEqual(standalone.one(T.zone).protect, false);
        const parent = {} as pulumi.Resource;
        assert.deepStrictEqual(
            [zoneOptions(parent, true), zoneOptions(parent, false)],
            [
                { parent, protect: true },
                { parent, protect: false },
            ],
        );
    });

    it("with parentZoneId: an NS record for the domain in the parent zone, holding the zone's name servers", () => {
        const ns = records(delegated, "NS");
        assert.strictEqual(ns.length, 1);
        assert.deepStrictEqual(
            [ns[0].inputs.zoneId, ns[0].inputs.name, ns[0].inputs.ttl, ns[0].inputs.records],
            [PARENT, DOMAIN, DELEGATION_TTL, NAME_SERVERS],
        );
        assert.deepStrictEqual(delegated.one(T.validation).dependsOn, [ns[0].key], "validation waits for the delegation");
    });

    it("without parentZoneId: no NS record anywhere, and the name servers are an output", () => {
        assert.deepStrictEqual(records(standalone, "NS"), []);
        assert.deepStrictEqual(standalone.outputs.nameServers.value, NAME_SERVERS);
        assert.deepStrictEqual(standalone.one(T.validation).dependsOn, []);
    });

    it("requests a DNS-validated certificate for the wildcard with the apex as its alternative name", () => {
        const cert = standalone.one(T.cert).inputs;
        assert.deepStrictEqual([cert.domainName, cert.subjectAlternativeNames, cert.validationMethod], [`*.${DOMAIN}`, [DOMAIN], "DNS"]);
    });

    it("writes ONE validation record for the wildcard and the apex, in the environment zone, overwriting a stale one", () => {
        const cnames = records(standalone, "CNAME");
        const [option] = mockDomainValidationOptions(`*.${DOMAIN}`);
        assert.strictEqual(cnames.length, 1);
        const r = cnames[0].inputs;
        assert.deepStrictEqual(
            [r.zoneId, r.name, r.records, r.allowOverwrite],
            [standalone.one(T.zone).outputs.zoneId, option.resourceRecordName, [option.resourceRecordValue], true],
        );
        assert.deepStrictEqual(standalone.one(T.validation).inputs, {
            certificateArn: standalone.one(T.cert).outputs.arn,
            validationRecordFqdns: [option.resourceRecordName.replace(/\.$/, "")],
        });
    });

    it("exports the certificate ARN from the CertificateValidation (so listeners wait for issuance), and the hostnames", () => {
        assert.strictEqual(standalone.outputs.certificateArn.value, standalone.one(T.cert).outputs.arn);
        assert.deepStrictEqual(standalone.outputs.certificateArnFrom.value, [T.validation]);
        assert.deepStrictEqual(standalone.outputs.hostnames.value, [`auth.${DOMAIN}`, `shop.${DOMAIN}`]);
    });

    it("rejects hosts that the wildcard does not cover, with an exact message, and drops repeats", () => {
        assert.throws(() => checkHosts(DOMAIN, ["auth", "api.v2", "Shop"]), {
            message: `Dns ${DOMAIN}: host(s) "api.v2", "Shop" are not single lower-case DNS labels; the certificate *.${DOMAIN} covers one level below the domain. Use labels such as "auth".`,
        });
        assert.deepStrictEqual(checkHosts(DOMAIN, ["auth", "shop", "auth"]), ["auth", "shop"]);
    });
});

describe("edge: uniqueValidationRecords", () => {
    it("keeps one of the wildcard's and the apex's identical records (ACM returns both)", () => {
        const options = mockDomainValidationOptions(`*.${DOMAIN}`, [DOMAIN]) as any[];
        assert.strictEqual(options.length, 2);
        assert.strictEqual(options[0].resourceRecordName, options[1].resourceRecordName);
        assert.deepStrictEqual(uniqueValidationRecords(options), [options[0]]);
    });

    it("keeps distinct records for names that do not share one", () => {
        const options = mockDomainValidationOptions("a.example.invalid", ["b.example.invalid", "*.a.example.invalid"]) as any[];
        assert.deepStrictEqual(
            uniqueValidationRecords(options).map((o) => o.domainName),
            ["a.example.invalid", "b.example.invalid"],
        );
    });
});

describe("edge: AliasRecords", () => {
    let v4: Registry;
    let dual: Registry;
    const declareAliases = (dualStack?: boolean) =>
        runComponent(() => {
            const aliases = new AliasRecords("edge-aliases", {
                zoneId: pulumi.output("ZMOCKEDGEDNSZONE"),
                domain: DOMAIN,
                hosts: ["auth", "shop", "grafana", "auth"],
                target: { dnsName: pulumi.output("mock-edge-lb-alb.elb.invalid"), zoneId: pulumi.output("ZMOCKALBZONE") },
                dualStack,
            });
            return { hostnames: aliases.hostnames };
        });
    before(async () => {
        v4 = await declareAliases();
        dual = await declareAliases(true);
    });

    it("declares one A alias to the ALB per host, evaluating target health, and no AAAA by default", () => {
        const a = records(v4, "A");
        assert.deepStrictEqual(
            a.map((r) => r.inputs.name),
            [`auth.${DOMAIN}`, `shop.${DOMAIN}`, `grafana.${DOMAIN}`],
        );
        for (const r of a) {
            assert.strictEqual(r.inputs.zoneId, "ZMOCKEDGEDNSZONE");
            assert.deepStrictEqual(r.inputs.aliases, [
                { name: "mock-edge-lb-alb.elb.invalid", zoneId: "ZMOCKALBZONE", evaluateTargetHealth: true },
            ]);
            assert.strictEqual(r.parent, v4.one(T.aliases).key);
        }
        assert.deepStrictEqual(records(v4, "AAAA"), []);
        assert.deepStrictEqual(v4.outputs.hostnames.value, [`auth.${DOMAIN}`, `shop.${DOMAIN}`, `grafana.${DOMAIN}`]);
    });

    it("adds an AAAA alias per host when dualStack is set", () => {
        assert.deepStrictEqual(
            records(dual, "AAAA").map((r) => r.inputs.name),
            [`auth.${DOMAIN}`, `shop.${DOMAIN}`, `grafana.${DOMAIN}`],
        );
        assert.strictEqual(records(dual, "A").length, 3);
    });
});
