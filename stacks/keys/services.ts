import { z } from "zod";
import {
    TIER_TABLE,
    byTier,
    cidrList,
    derived,
    flag,
    group,
    list,
    optional,
    required,
    retentionDays,
    setting,
    text,
    wholeNumber,
} from "./define";

/** The keys of the VPN, edge, GitOps, observability and app layers, and platform:tags. */

/** The Client VPN's default client block; stacks/layers-services.ts offers others when a VPC overlaps it. */
export const DEFAULT_VPN_CLIENT_CIDR = "10.250.0.0/22";

export const vpn = group("Client VPN", {
    enabled: setting(flag, "Declare the Client VPN endpoint.", byTier(true)),
    clientCidr: setting(
        text("Use a block such as 10.100.0.0/22."),
        "Client block, /12 to /22, outside the VPC.",
        byTier(DEFAULT_VPN_CLIENT_CIDR),
    ),
    subnetAssociations: setting(
        wholeNumber(0, 3),
        "Private subnets the endpoint is associated with; each costs money and ~10 minutes; 0 keeps the endpoint, billed nothing.",
        byTier(1),
    ),
    // An association bills $0.10/h whether anyone is connected or not; dev's nights and weekends off save ~$51/month.
    alwaysOn: setting(
        flag,
        "Associated all the time (Pulumi owns the associations), or only in officeHours (EventBridge Scheduler owns them).",
        byTier(false, true),
    ),
    // Weekdays 08:00-18:00: 50 hours a week, about 217 of the month's 730.
    officeHours: group("The window the associations exist in when alwaysOn is false; also Karpenter's business hours and dev's sleep", {
        days: setting(
            text("Use days such as MON-FRI."),
            "Days in EventBridge's day-of-week syntax: a range such as MON-FRI, or a list such as MON,WED,FRI.",
            byTier("MON-FRI"),
        ),
        start: setting(text("Use a 24-hour time such as 08:00."), '"HH:MM", 24-hour.', byTier("08:00")),
        end: setting(text("Use a 24-hour time such as 18:00."), '"HH:MM", 24-hour, after start.', byTier("18:00")),
        timezone: setting(
            text("Use an IANA time zone such as Europe/Berlin."),
            "IANA time zone, such as Europe/Berlin; schedules follow its daylight-saving changes.",
            byTier("UTC"),
        ),
    }),
    // Typed optional: components still accept a VpnConfig without it; the loader always fills it.
    clients: optional(
        list(text("Use a person's short name such as alice."), "Use a list such as [alice, bob].").min(1, {
            error: "is empty. Give at least one client name, such as [shared].",
        }),
        "One certificate and .ovpn per name, so one person can be revoked alone.",
        byTier(["shared"]),
    ),
    samlProviderArn: optional(
        text("Use an IAM SAML provider ARN."),
        "IAM SAML provider ARN: federated sign-in instead of certificates alone.",
    ),
});

export const alarms = group("Alarm notifications", {
    emails: setting(
        list(text("Use an address such as oncall@example.com."), "Use a list such as [oncall@example.com]."),
        "E-mail addresses subscribed to the alarm topic.",
        byTier<string[]>([]),
    ),
});

export const ingress = group("The ingress controller behind the ALB", {
    httpNodePort: setting(wholeNumber(30000, 32767), "NodePort the ALB sends HTTP to.", byTier(30080)),
    httpsNodePort: setting(wholeNumber(30000, 32767), "NodePort the ALB sends HTTPS to.", byTier(30443)),
    replicas: setting(wholeNumber(1, 20), "Ingress controller replicas.", TIER_TABLE.replicas),
    allowedCidrs: setting(cidrList("0.0.0.0/0"), "CIDRs that may reach the ALB on 80/443.", byTier(["0.0.0.0/0"])),
    accessLogRetentionDays: setting(retentionDays(), "Days the ALB access logs are kept in their bucket.", TIER_TABLE.logRetentionDays),
});

export const dns = group("DNS", {
    parentZoneId: optional(
        text("Use a Route53 zone id such as Z0123456789ABCDEFGHIJ.").regex(/^Z[A-Z0-9]{4,32}$/, {
            error: "is not a Route53 hosted zone id. Use an id such as Z0123456789ABCDEFGHIJ (without /hostedzone/).",
        }),
        "Route53 zone id of the parent domain, when it is in this account: the NS delegation is then declared.",
    ),
    extraHosts: setting(
        list(text("Use a host label such as api."), "Use a list such as [api, shop]."),
        "Extra host labels (one label below the domain) that get alias records to the ALB.",
        byTier<string[]>([]),
    ),
});

export const gitops = group("Flux", {
    repoUrl: required(text("Use ssh://git@github.com/org/repo.git."), "The config repository: ssh://git@host/org/repo(.git)."),
    branch: setting(text("Use a branch name such as main."), "Branch Flux syncs.", byTier("main")),
    path: derived(text("Use a path such as clusters/dev."), "Path in the repository Flux syncs.", "clusters/<stack>"),
    knownHosts: optional(
        text("Use the host's known_hosts lines (ssh-keyscan output, checked against the host's published keys)."),
        "known_hosts lines for the Git host; unset: GitHub's published keys (required for any other host).",
    ),
    imageAutomationWriteBack: setting(
        flag,
        "Image automation writes tags back to the repository: the deploy key must then be read-write.",
        byTier(true),
    ),
    githubRepository: optional(
        text("Use owner/name.").regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, {
            error: "is not a GitHub repository. Use owner/name, e.g. acme/platform-config.",
        }),
        "owner/name of the config repository on GitHub, for registering the deploy key when githubToken is set.",
    ),
});

export const dockerHub = group("Docker Hub pulls", {
    username: required(
        text("Use the DockerHub account that owns the private images."),
        "The DockerHub account that owns the private images.",
    ),
    namespaces: derived(
        list(text("Use a namespace name."), "Use a list such as [default, monitoring, logging, flux-system, dev]."),
        "Namespaces that get the docker-hub pull secret (at least those where the platform runs Docker Hub images).",
        "default, the platform's namespaces and the environment's",
    ),
});

export const observability = group("Metrics and traces", {
    prometheusRetention: setting(
        text("Use a Prometheus duration such as 15d.").regex(/^\d+[hdwy]$/, {
            error: "is not a Prometheus retention. Use a duration such as 15d, 12h or 2w.",
        }),
        "How long Prometheus keeps samples, e.g. 15d.",
        byTier("3d", "15d", "30d"),
    ),
    prometheusStorageGb: setting(wholeNumber(5, 16384), "Prometheus volume, in GiB.", byTier(20, 50, 100)),
    grafanaExposed: setting(flag, "Grafana gets a public host (grafana.<domain>).", byTier(false)),
    jaegerExposed: setting(flag, "Jaeger gets a public host (jaeger.<domain>).", byTier(false)),
});

export const apps = group("The platform's own apps", {
    hydra: group("Ory Hydra", {
        host: setting(
            text("Use a host label such as auth."),
            "Host label below the domain: the issuer is https://<host>.<domain>.",
            byTier("auth"),
        ),
        loginUrl: derived(
            text("Use an https URL such as https://login.dev.example.com/login."),
            "The login app's URL (https).",
            "https://login.<domain>/login",
        ),
        consentUrl: derived(
            text("Use an https URL such as https://login.dev.example.com/consent."),
            "The consent app's URL (https).",
            "https://login.<domain>/consent",
        ),
        replicas: setting(wholeNumber(1, 20), "Hydra replicas.", TIER_TABLE.replicas),
    }),
    toolbox: group("The toolbox namespace", {
        enabled: setting(flag, "Deploy the toolbox (test) namespace and its tools.", byTier(true, false)),
    }),
});

/** Not a group: any key, checked by the loader against AWS's tag rules. */
export const tags = {
    schema: z.record(z.string(), z.string({ error: "is not a string. Tag values are strings." }), {
        error: "is not a map. Use key: value pairs.",
    }),
    description: "Extra tags for every AWS resource (not aws:-prefixed, not the platform's own tag keys).",
};
