import * as assert from "node:assert";
import { ClientVpn, type ClientVpnArgs, buildOvpn, remoteHost, validateClientVpnArgs, vpcResolver } from "../components/vpn";
import { DEFAULT_OFFICE_HOURS } from "../stacks/schedule";
import type { VpnConfig } from "../stacks/types";
import { runComponent } from "../offline/engine/program";
import { type Registry, isSecretInput } from "../offline/engine/registry";

const ENDPOINT = "aws:ec2clientvpn/endpoint:Endpoint";
const ASSOC = "aws:ec2clientvpn/networkAssociation:NetworkAssociation";
const ACM = "aws:acm/certificate:Certificate";
const SUBNETS = ["subnet-mock-private-0", "subnet-mock-private-1", "subnet-mock-private-2"];
const PEM = (label: string, body: string) => `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`;

function vpn(settings: Partial<VpnConfig> = {}, extra: Partial<ClientVpnArgs> = {}) {
    return () => {
        const v = new ClientVpn("dev-vpn", {
            vpcId: "vpc-mock-dev",
            vpcCidr: "10.10.0.0/16",
            subnetIds: SUBNETS,
            settings: {
                enabled: true,
                clientCidr: "10.250.0.0/22",
                subnetAssociations: 3,
                alwaysOn: true,
                officeHours: DEFAULT_OFFICE_HOURS,
                ...settings,
            },
            domain: "dev.example.com",
            logRetentionDays: 30,
            protect: false,
            ...extra,
        });
        return {
            clientConfig: v.clientConfig,
            clientConfigs: v.clientConfigs,
            clientCertificatePem: v.clientCertificatePem,
            endpointId: v.endpointId,
        };
    };
}

describe("access: plain helpers", () => {
    for (const [cidr, resolver] of [
        ["10.10.0.0/16", "10.10.0.2"],
        ["10.20.64.0/18", "10.20.64.2"],
        ["172.31.0.0/16", "172.31.0.2"],
        ["192.168.255.0/28", "192.168.255.2"],
    ]) {
        it(`vpcResolver(${cidr}) is ${resolver}`, () => assert.strictEqual(vpcResolver(cidr), resolver));
    }
    it("vpcResolver rejects a misaligned block", () =>
        assert.throws(() => vpcResolver("10.10.0.1/16"), { message: 'vpcResolver: "10.10.0.1/16" is not a valid, aligned IPv4 CIDR.' }));

    it("remoteHost replaces the wildcard label with a fixed one", () => {
        assert.strictEqual(
            remoteHost("*.cvpn-endpoint-0abc.prod.clientvpn.us-east-1.amazonaws.com"),
            "random.cvpn-endpoint-0abc.prod.clientvpn.us-east-1.amazonaws.com",
        );
        assert.strictEqual(
            remoteHost("cvpn-endpoint-0abc.prod.clientvpn.us-east-1.amazonaws.com"),
            "random.cvpn-endpoint-0abc.prod.clientvpn.us-east-1.amazonaws.com",
        );
        assert.throws(() => remoteHost("*"), /is not of the form/);
    });

    const parts = {
        endpointDnsName: "*.cvpn-endpoint-0abc.prod.clientvpn.us-east-1.amazonaws.com",
        port: 443,
        protocol: "udp" as const,
        caCertPem: PEM("CERTIFICATE", "CA"),
        clientCertPem: PEM("CERTIFICATE", "CLIENT"),
        clientKeyPem: PEM("RSA PRIVATE KEY", "KEY"),
    };
    it("buildOvpn writes the complete profile, in order", () => {
        assert.strictEqual(
            buildOvpn(parts),
            [
                "client",
                "dev tun",
                "proto udp",
                "remote random.cvpn-endpoint-0abc.prod.clientvpn.us-east-1.amazonaws.com 443",
                "remote-random-hostname",
                "resolv-retry infinite",
                "nobind",
                "remote-cert-tls server",
                "cipher AES-256-GCM",
                "verb 3",
                "<ca>",
                "-----BEGIN CERTIFICATE-----",
                "CA",
                "-----END CERTIFICATE-----",
                "</ca>",
                "<cert>",
                "-----BEGIN CERTIFICATE-----",
                "CLIENT",
                "-----END CERTIFICATE-----",
                "</cert>",
                "<key>",
                "-----BEGIN RSA PRIVATE KEY-----",
                "KEY",
                "-----END RSA PRIVATE KEY-----",
                "</key>",
                "reneg-sec 0",
                "",
            ].join("\n"),
        );
    });
    it("buildOvpn adds the SAML directives only for a federated endpoint", () => {
        assert.ok(!buildOvpn(parts).includes("auth-federate"));
        assert.match(
            buildOvpn({ ...parts, federated: true }),
            /verb 3\nauth-user-pass\nauth-federate\nauth-retry interact\nauth-nocache\n<ca>/,
        );
    });
    it("buildOvpn refuses a missing key", () => {
        assert.throws(() => buildOvpn({ ...parts, clientKeyPem: "undefined" }), { message: "buildOvpn: clientKeyPem is not a PEM block." });
    });

    const ok = {
        vpcCidr: "10.10.0.0/16",
        settings: { enabled: true, clientCidr: "10.250.0.0/22", subnetAssociations: 1, alwaysOn: true, officeHours: DEFAULT_OFFICE_HOURS },
    };
    const rows: [string, Parameters<typeof validateClientVpnArgs>[0], string[]][] = [
        ["valid", ok, []],
        ["bad VPC CIDR", { ...ok, vpcCidr: "10.10.0.0/33" }, ['vpcCidr "10.10.0.0/33" is not a valid, aligned IPv4 CIDR.']],
        [
            "negative associations",
            { ...ok, settings: { ...ok.settings, subnetAssociations: -1 } },
            ["settings.subnetAssociations -1 is not a whole number >= 0."],
        ],
        ["no clients", { ...ok, clients: [] }, ['clients is empty. Give at least one client name, such as ["shared"].']],
        [
            "upper-case client",
            { ...ok, clients: ["Alice"] },
            [
                'clients entry "Alice" is not a client name. Use 1-32 lower-case letters, digits and dashes, starting with a letter and not ending with a dash, e.g. alice.',
            ],
        ],
        ["duplicate client", { ...ok, clients: ["bob", "bob"] }, ["client names bob appear more than once."]],
        ["long banner", { ...ok, bannerText: "x".repeat(1401) }, ["bannerText is 1401 characters; Client VPN allows at most 1400."]],
        [
            "bad office hours, always on",
            { ...ok, settings: { ...ok.settings, officeHours: { ...DEFAULT_OFFICE_HOURS, end: "07:00" } } },
            [],
        ],
        [
            "bad office hours, scheduled",
            {
                ...ok,
                settings: {
                    ...ok.settings,
                    alwaysOn: false,
                    officeHours: { days: "FRI-MON", start: "8:00", end: "18:00", timezone: "Mars/Olympus" },
                },
            },
            [
                'settings.officeHours.days "FRI-MON" has the range FRI-MON, which runs backwards; ranges run SUN to SAT. Use a list such as FRI,...,MON instead.',
                'settings.officeHours.start "8:00" is not a 24-hour time. Use HH:MM, such as 08:00.',
                'settings.officeHours.timezone "Mars/Olympus" is not an IANA time zone. Use a zone such as Europe/Berlin, America/New_York or UTC.',
            ],
        ],
    ];
    for (const [label, input, expected] of rows) {
        it(`validateClientVpnArgs: ${label}`, () => assert.deepStrictEqual(validateClientVpnArgs(input), expected));
    }
});

describe("access: ClientVpn, mutual TLS only", () => {
    let reg: Registry;
    before(async () => {
        reg = await runComponent(vpn());
    });

    it("declares the endpoint, its PKI and its logging under the component", () => {
        const counts = reg.countByType();
        assert.deepStrictEqual(Object.fromEntries(Object.entries(counts).filter(([t]) => t !== "platform:vpn:ClientVpn")), {
            "tls:index/privateKey:PrivateKey": 3,
            "tls:index/selfSignedCert:SelfSignedCert": 1,
            "tls:index/certRequest:CertRequest": 2,
            "tls:index/locallySignedCert:LocallySignedCert": 2,
            [ACM]: 1,
            "aws:cloudwatch/logGroup:LogGroup": 1,
            "aws:cloudwatch/logStream:LogStream": 1,
            "aws:ec2/securityGroup:SecurityGroup": 1,
            "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": 1,
            [ENDPOINT]: 1,
            "aws:ec2clientvpn/authorizationRule:AuthorizationRule": 1,
            [ASSOC]: 3,
        });
        const component = reg.one("platform:vpn:ClientVpn", "dev-vpn");
        assert.ok(reg.resources.filter((r) => r !== component).every((r) => r.parent === component.key));
    });

    it("uses RSA 2048 keys and a CA that can sign certificates and CRLs", () => {
        for (const k of reg.ofType("tls:index/privateKey:PrivateKey"))
            assert.deepStrictEqual([k.inputs.algorithm, k.inputs.rsaBits], ["RSA", 2048]);
        const ca = reg.one("tls:index/selfSignedCert:SelfSignedCert");
        assert.strictEqual(ca.inputs.isCaCertificate, true);
        assert.deepStrictEqual(ca.inputs.allowedUses, ["cert_signing", "crl_signing"]);
        assert.ok(
            reg.one("tls:index/locallySignedCert:LocallySignedCert", "dev-vpn-server-cert").inputs.allowedUses.includes("server_auth"),
        );
        assert.ok(
            reg
                .one("tls:index/locallySignedCert:LocallySignedCert", "dev-vpn-client-shared-cert")
                .inputs.allowedUses.includes("client_auth"),
        );
    });

    it("imports the server certificate with the CA as chain, its key as a secret", () => {
        const cert = reg.one(ACM);
        assert.match(cert.inputs.certificateBody, /MOCK-dev-vpn-server-cert/);
        assert.match(cert.inputs.certificateChain, /MOCK-dev-vpn-ca\n/);
        assert.ok(isSecretInput(cert, "privateKey"), `secret paths: ${cert.secretPaths}`);
    });

    it("configures the endpoint: split tunnel, VPC resolver, UDP 443, mutual TLS, logging, 8 h sessions", () => {
        const e = reg.one(ENDPOINT).inputs;
        const certArn = reg.one(ACM).outputs.arn;
        assert.strictEqual(e.clientCidrBlock, "10.250.0.0/22");
        assert.strictEqual(e.splitTunnel, true);
        assert.deepStrictEqual(e.dnsServers, ["10.10.0.2"]);
        assert.deepStrictEqual([e.transportProtocol, e.vpnPort, e.sessionTimeoutHours], ["udp", 443, 8]);
        assert.strictEqual(e.serverCertificateArn, certArn);
        assert.deepStrictEqual(e.authenticationOptions, [{ type: "certificate-authentication", rootCertificateChainArn: certArn }]);
        assert.deepStrictEqual(e.connectionLogOptions, {
            enabled: true,
            cloudwatchLogGroup: "/platform/dev-vpn/client-vpn",
            cloudwatchLogStream: "connections",
        });
        assert.strictEqual(reg.one("aws:cloudwatch/logGroup:LogGroup").inputs.retentionInDays, 30);
        assert.deepStrictEqual(e.securityGroupIds, [reg.one("aws:ec2/securityGroup:SecurityGroup").id]);
        assert.strictEqual(e.vpcId, "vpc-mock-dev");
        assert.strictEqual(e.clientLoginBannerOptions, undefined);
    });

    it("lets VPN users reach the VPC and nothing else", () => {
        const rule = reg.one("aws:ec2clientvpn/authorizationRule:AuthorizationRule").inputs;
        assert.deepStrictEqual([rule.targetNetworkCidr, rule.authorizeAllGroups], ["10.10.0.0/16", true]);
        const sg = reg.one("aws:ec2/securityGroup:SecurityGroup").inputs;
        assert.deepStrictEqual([sg.ingress, sg.egress], [undefined, undefined]);
        const egress = reg.one("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule").inputs;
        assert.deepStrictEqual([egress.cidrIpv4, egress.ipProtocol], ["10.10.0.0/16", "-1"]);
    });

    it("registers the release hook for start schedules left from office hours, but binds it nowhere: a plain destroy works", () => {
        assert.deepStrictEqual(reg.registeredHooks, ["dev-vpn-release-associations"]);
        assert.deepStrictEqual(
            reg.resources.filter((r) => Object.keys(r.hooks ?? {}).length > 0).map((r) => r.key),
            [],
        );
    });

    it("associates the subnets one after another, never in parallel", () => {
        const assocs = [0, 1, 2].map((i) => reg.one(ASSOC, `dev-vpn-assoc-${i}`));
        assert.deepStrictEqual(
            assocs.map((a) => a.inputs.subnetId),
            SUBNETS,
        );
        assert.deepStrictEqual(
            assocs.map((a) => a.dependsOn),
            [[], [assocs[0].key], [assocs[1].key]],
        );
        assert.ok(assocs.every((a) => a.inputs.clientVpnEndpointId === reg.one(ENDPOINT).id));
    });

    it("exports a secret, complete .ovpn and a public client certificate", () => {
        const out = reg.outputs.clientConfig;
        assert.strictEqual(out.secret, true);
        const text = out.value as string;
        assert.match(text, /^remote random\.mock-dev-vpn-endpoint\.clientvpn\.invalid 443$/m);
        assert.match(text, /<ca>\n-----BEGIN CERTIFICATE-----\nMOCK-dev-vpn-ca\n-----END CERTIFICATE-----\n<\/ca>/);
        assert.match(text, /<cert>\n-----BEGIN CERTIFICATE-----\nMOCK-dev-vpn-client-shared-cert\n-----END CERTIFICATE-----\n<\/cert>/);
        assert.match(
            text,
            /<key>\n-----BEGIN RSA PRIVATE KEY-----\nMOCK-dev-vpn-client-shared-key\n-----END RSA PRIVATE KEY-----\n<\/key>/,
        );
        assert.ok(!text.includes("auth-federate"));
        assert.strictEqual(reg.outputs.clientConfigs.secret, true);
        assert.deepStrictEqual(reg.outputs.clientCertificatePem, {
            value: PEM("CERTIFICATE", "MOCK-dev-vpn-client-shared-cert"),
            secret: false,
        });
    });
});

describe("access: ClientVpn with SAML, a banner, two clients and one association", () => {
    let reg: Registry;
    const saml = "arn:aws:iam::000000000000:saml-provider/mock-idp";
    before(async () => {
        reg = await runComponent(
            vpn({ subnetAssociations: 1, samlProviderArn: saml }, { clients: ["alice", "bob"], bannerText: "dev: be nice" }),
        );
    });

    it("adds federated authentication after the certificate", () => {
        const e = reg.one(ENDPOINT).inputs;
        assert.deepStrictEqual(
            e.authenticationOptions.map((o: { type: string }) => o.type),
            ["certificate-authentication", "federated-authentication"],
        );
        assert.strictEqual(e.authenticationOptions[1].samlProviderArn, saml);
        assert.deepStrictEqual(e.clientLoginBannerOptions, { enabled: true, bannerText: "dev: be nice" });
    });

    it("declares one association and one certificate per client", () => {
        assert.strictEqual(reg.ofType(ASSOC).length, 1);
        assert.deepStrictEqual(
            reg
                .ofType("tls:index/locallySignedCert:LocallySignedCert")
                .map((c) => c.name)
                .sort(),
            ["dev-vpn-client-alice-cert", "dev-vpn-client-bob-cert", "dev-vpn-server-cert"],
        );
    });

    it("exports one secret .ovpn per client, the first as clientConfig", () => {
        const configs = reg.outputs.clientConfigs.value as Record<string, string>;
        assert.deepStrictEqual(Object.keys(configs), ["alice", "bob"]);
        assert.match(configs.bob, /MOCK-dev-vpn-client-bob-key/);
        assert.strictEqual(reg.outputs.clientConfig.value, configs.alice);
        assert.match(configs.alice, /auth-federate/);
    });
});

describe("access: ClientVpn rejects bad arguments before declaring anything else", () => {
    it("names every problem at once", async () => {
        await assert.rejects(runComponent(vpn({ subnetAssociations: 1.5 }, { clients: ["A"] })), {
            message:
                'ClientVpn dev-vpn: settings.subnetAssociations 1.5 is not a whole number >= 0. clients entry "A" is not a client name. Use 1-32 lower-case letters, digits and dashes, starting with a letter and not ending with a dash, e.g. a.',
        });
    });
});
