import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { formatCidr, parseCidr } from "../../stacks/cidr";
import { argProblem, throwIfProblems, vpnClientName } from "../../stacks/predicates";
import { officeHoursProblems } from "../../stacks/schedule";
import type { VpnConfig } from "../../stacks/types";
import { OfficeHoursAssociations } from "./office-hours";
import { buildOvpn } from "./ovpn";
import { issueVpnPki } from "./pki";
import { type TargetNetworkApi, releaseHook } from "./release";

export const VPN_PORT = 443;
export const VPN_PROTOCOL = "udp";
/** Users re-authenticate after a working day; valid values are 8, 10, 12 and 24. */
export const SESSION_TIMEOUT_HOURS = 8;
/** The client certificate issued when `clients` is not given. */
export const DEFAULT_CLIENT = "shared";

/** Arguments of {@link ClientVpn}. */
export interface ClientVpnArgs {
    vpcId: pulumi.Input<string>;
    /** VPC CIDR, plain (from config): it decides the DNS server, the authorization rule and the egress rule. */
    vpcCidr: string;
    /** Private subnets, one per AZ; the first `settings.subnetAssociations` get an association (always, or in office hours). */
    subnetIds: pulumi.Input<string[]>;
    /** Validated by stacks/ (client CIDR /12../22 outside the VPC, associations <= AZs). */
    settings: VpnConfig;
    /** Environment domain, for the certificates' common names. */
    domain: string;
    /** `protect` the CA's key and certificate (outside dev): a new CA invalidates every issued .ovpn. */
    protect: boolean;
    /** Retention of the connection log group, in days. */
    logRetentionDays: number;
    /** KMS key of the connection log group; default: CloudWatch's own encryption. */
    logKmsKeyArn?: pulumi.Input<string>;
    /** One client certificate (and .ovpn) per name, so one person can be revoked alone. Default: ["shared"]. */
    clients?: string[];
    /** Text the AWS-provided client shows after connecting (max 1400 characters). Default: no banner. */
    bannerText?: string;
    /** The EC2 API the office-hours delete hook uses. Default: the AWS SDK with the deployer's credentials; tests fake it. */
    releaseApi?: (region: string) => Promise<TargetNetworkApi>;
}

/** The Amazon-provided DNS server of a VPC: its base address plus two. */
export function vpcResolver(cidr: string): string {
    const parsed = parseCidr(cidr);
    if (typeof parsed === "string") throw new Error(`vpcResolver: "${cidr}" is not a valid, aligned IPv4 CIDR.`);
    return formatCidr({ base: (parsed.base + 2) >>> 0, prefix: 32 }).replace(/\/32$/, "");
}

/** Problems with the arguments, each naming the value and the fix; empty when they are usable. */
export function validateClientVpnArgs(args: Pick<ClientVpnArgs, "vpcCidr" | "settings" | "clients" | "bannerText">): string[] {
    const problems: string[] = [];
    if (typeof parseCidr(args.vpcCidr) === "string") problems.push(`vpcCidr "${args.vpcCidr}" is not a valid, aligned IPv4 CIDR.`);
    const n = args.settings.subnetAssociations;
    if (!Number.isInteger(n) || n < 0) problems.push(`settings.subnetAssociations ${n} is not a whole number >= 0.`);
    if (!args.settings.alwaysOn) {
        for (const p of officeHoursProblems(args.settings.officeHours))
            problems.push(`settings.officeHours.${p.field} ${JSON.stringify(args.settings.officeHours[p.field])} ${p.what}`);
    }
    const clients = args.clients ?? [DEFAULT_CLIENT];
    if (clients.length === 0) problems.push('clients is empty. Give at least one client name, such as ["shared"].');
    for (const c of clients) {
        const bad = argProblem("clients entry", c, vpnClientName(c));
        if (bad) problems.push(bad);
    }
    const dupes = clients.filter((c, i) => clients.indexOf(c) !== i);
    if (dupes.length > 0) problems.push(`client names ${[...new Set(dupes)].join(", ")} appear more than once.`);
    if (args.bannerText !== undefined && args.bannerText.length > 1400)
        problems.push(`bannerText is ${args.bannerText.length} characters; Client VPN allows at most 1400.`);
    return problems;
}

/**
 * A Client VPN endpoint with mutual TLS, split tunnel and the VPC resolver, replacing the console-made endpoint whose
 * .ovpn people downloaded and completed by hand. The program issues the PKI (pki.ts) and exports a ready .ovpn.
 */
export class ClientVpn extends pulumi.ComponentResource {
    public readonly endpointId: pulumi.Output<string>;
    public readonly dnsName: pulumi.Output<string>;
    /** The endpoint's security group: let other groups accept it to open a service to VPN users. */
    public readonly securityGroupId: pulumi.Output<string>;
    public readonly logGroupName: pulumi.Output<string>;
    public readonly caCertificatePem: pulumi.Output<string>;
    /** The first client's certificate (public). */
    public readonly clientCertificatePem: pulumi.Output<string>;
    /** Secret: the first client's complete .ovpn. */
    public readonly clientConfig: pulumi.Output<string>;
    /** Secret: every client's .ovpn by client name. */
    public readonly clientConfigs: pulumi.Output<Record<string, string>>;
    /** Office hours only: commands that associate the subnets now, until the next scheduled release. */
    public readonly associateNowCommands?: pulumi.Output<string[]>;
    /** Office hours only: the command that releases every association now. */
    public readonly releaseNowCommand?: pulumi.Output<string>;
    /** Office hours only: what Monitoring watches (a failed release leaves an association billed). */
    public readonly officeHours?: { releaseStateMachineArn: pulumi.Output<string>; scheduleGroupName: pulumi.Output<string> };

    constructor(name: string, args: ClientVpnArgs, opts?: pulumi.ComponentResourceOptions) {
        // Was platform:access:ClientVpn (components/access/): the alias keeps the live stacks' URNs, and its children's.
        super("platform:vpn:ClientVpn", name, {}, { ...opts, aliases: [...(opts?.aliases ?? []), { type: "platform:access:ClientVpn" }] });
        throwIfProblems(`ClientVpn ${name}`, validateClientVpnArgs(args));
        const child = { parent: this };
        const clients = args.clients ?? [DEFAULT_CLIENT];
        const pki = issueVpnPki(name, args.domain, clients, this, args.protect);

        // The same CA signs server and clients, so the server certificate (imported with the CA as its chain) also
        // serves as the client root: AWS documents this, and the CA's private key never has to go into ACM.
        const serverCert = new aws.acm.Certificate(
            `${name}-server`,
            {
                privateKey: pki.server.keyPem,
                certificateBody: pki.server.certPem,
                certificateChain: pki.caCertPem,
                tags: { Name: `${name}-server` },
            },
            child,
        );

        const logGroup = new aws.cloudwatch.LogGroup(
            `${name}-connections`,
            {
                name: `/platform/${name}/client-vpn`,
                retentionInDays: args.logRetentionDays,
                kmsKeyId: args.logKmsKeyArn,
            },
            child,
        );
        const logStream = new aws.cloudwatch.LogStream(`${name}-connections`, { name: "connections", logGroupName: logGroup.name }, child);

        // Traffic from VPN users enters the VPC from the association's ENIs with this group: it needs no ingress
        // rule, and its egress stops at the VPC (split tunnel: the internet never goes through the endpoint).
        const sg = new aws.ec2.SecurityGroup(
            `${name}-sg`,
            {
                vpcId: args.vpcId,
                description: `Client VPN ${name}: egress to the VPC only`,
                tags: { Name: `${name}-sg` },
            },
            child,
        );
        new aws.vpc.SecurityGroupEgressRule(
            `${name}-egress-vpc`,
            {
                securityGroupId: sg.id,
                ipProtocol: "-1",
                cidrIpv4: args.vpcCidr,
                description: "VPN users reach the VPC only",
            },
            child,
        );

        const authenticationOptions: aws.types.input.ec2clientvpn.EndpointAuthenticationOption[] = [
            { type: "certificate-authentication", rootCertificateChainArn: serverCert.arn },
        ];
        if (args.settings.samlProviderArn) {
            authenticationOptions.push({ type: "federated-authentication", samlProviderArn: args.settings.samlProviderArn });
        }
        // Registered in every mode, bound only in office hours (a bound delete hook makes `pulumi destroy` need
        // --run-program): start schedules left in the state after switching to always-on are deleted with it.
        const scheduled = !args.settings.alwaysOn && args.settings.subnetAssociations > 0;
        const owned = new Set<string>();
        const hook = releaseHook(name, args.releaseApi, { pulumiOwnedSubnets: () => owned });
        const endpoint = new aws.ec2clientvpn.Endpoint(
            `${name}-endpoint`,
            {
                description: `${name} (${args.domain})`,
                clientCidrBlock: args.settings.clientCidr,
                serverCertificateArn: serverCert.arn,
                authenticationOptions,
                splitTunnel: true,
                dnsServers: [vpcResolver(args.vpcCidr)],
                transportProtocol: VPN_PROTOCOL,
                vpnPort: VPN_PORT,
                vpcId: args.vpcId,
                securityGroupIds: [sg.id],
                sessionTimeoutHours: SESSION_TIMEOUT_HOURS,
                connectionLogOptions: { enabled: true, cloudwatchLogGroup: logGroup.name, cloudwatchLogStream: logStream.name },
                clientLoginBannerOptions: args.bannerText ? { enabled: true, bannerText: args.bannerText } : undefined,
                tags: { Name: name },
            },
            { parent: this, hooks: scheduled ? { beforeDelete: [hook] } : undefined },
        );

        new aws.ec2clientvpn.AuthorizationRule(
            `${name}-vpc`,
            {
                clientVpnEndpointId: endpoint.id,
                targetNetworkCidr: args.vpcCidr,
                authorizeAllGroups: true,
                description: "VPN users may reach the VPC, nothing else",
            },
            child,
        );

        const office = this.associate(name, endpoint, args, hook, owned);

        const federated = !!args.settings.samlProviderArn;
        const configs = pulumi
            .all([
                endpoint.dnsName,
                pki.caCertPem,
                pulumi.all(clients.map((c) => pulumi.all([pki.clients[c].certPem, pki.clients[c].keyPem]))),
            ])
            .apply(([dnsName, ca, certs]) =>
                Object.fromEntries(
                    clients.map((c, i) => [
                        c,
                        buildOvpn({
                            endpointDnsName: dnsName,
                            port: VPN_PORT,
                            protocol: VPN_PROTOCOL,
                            caCertPem: ca,
                            clientCertPem: certs[i][0],
                            clientKeyPem: certs[i][1],
                            federated,
                        }),
                    ]),
                ),
            );
        // Explicit: mocks do not apply additionalSecretOutputs, and the key inside must never be plain (S2).
        this.clientConfigs = pulumi.secret(configs);
        this.clientConfig = pulumi.secret(configs.apply((c) => c[clients[0]]));
        this.endpointId = endpoint.id;
        this.dnsName = endpoint.dnsName;
        this.securityGroupId = sg.id;
        this.logGroupName = logGroup.name;
        this.caCertificatePem = pki.caCertPem;
        this.clientCertificatePem = pki.clients[clients[0]].certPem;
        this.associateNowCommands = office?.associateNowCommands;
        this.releaseNowCommand = office?.releaseNowCommand;
        this.officeHours = office
            ? { releaseStateMachineArn: office.releaseStateMachineArn, scheduleGroupName: office.scheduleGroupName }
            : undefined;
        this.registerOutputs({ endpointId: this.endpointId, securityGroupId: this.securityGroupId, clientConfig: this.clientConfig });
    }

    /**
     * Each association is billed hourly, so `subnetAssociations` and `alwaysOn` are the cost knobs (docs/vpn.md).
     * Always on: Pulumi owns one association per subnet, each waiting for the previous one (AWS takes ~10 minutes
     * per association and parallel ones tend to time out). Otherwise EventBridge Scheduler owns them in office hours.
     */
    private associate(
        name: string,
        endpoint: aws.ec2clientvpn.Endpoint,
        args: ClientVpnArgs,
        hook: pulumi.ResourceHook,
        owned: Set<string>,
    ): OfficeHoursAssociations | undefined {
        const n = args.settings.subnetAssociations;
        const subnetIds = Array.from({ length: n }, (_, i) =>
            pulumi.output(args.subnetIds).apply((ids) => {
                if (i >= ids.length)
                    throw new Error(`ClientVpn ${name}: settings.subnetAssociations is ${n} but only ${ids.length} subnet(s) were given.`);
                return ids[i];
            }),
        );
        if (n === 0) return undefined;
        if (!args.settings.alwaysOn) {
            return new OfficeHoursAssociations(
                `${name}-office-hours`,
                {
                    endpointId: endpoint.id,
                    endpointArn: endpoint.arn,
                    subnetIds,
                    hours: args.settings.officeHours,
                    releaseHook: hook,
                },
                { parent: this },
            );
        }
        let previous: aws.ec2clientvpn.NetworkAssociation | undefined;
        subnetIds.forEach((subnetId, i) => {
            // What the release hook must leave alone; known by the time it runs (deletes come after creates).
            subnetId.apply((id) => owned.add(id));
            previous = new aws.ec2clientvpn.NetworkAssociation(
                `${name}-assoc-${i}`,
                {
                    clientVpnEndpointId: endpoint.id,
                    subnetId,
                },
                { parent: this, dependsOn: previous ? [previous] : [] },
            );
        });
        return undefined;
    }
}
