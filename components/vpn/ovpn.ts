/** Plain builders for the client's OpenVPN profile: no Pulumi here, so they are tested directly. */

/**
 * Label put in front of the endpoint's wildcard DNS name. The API returns `*.cvpn-endpoint-….amazonaws.com`; only
 * names below it resolve. `remote-random-hostname` adds a fresh label on clients that support it (the AWS client,
 * OpenVPN 2.x); the fixed label keeps clients that ignore the option (some NetworkManager versions) working.
 */
export const REMOTE_LABEL = "random";

/** The host a client dials: the endpoint's DNS name with its wildcard replaced by {@link REMOTE_LABEL}. */
export function remoteHost(endpointDnsName: string): string {
    const bare = endpointDnsName.replace(/^\*\./, "");
    if (bare === "" || bare.includes("*"))
        throw new Error(`Client VPN DNS name "${endpointDnsName}" is not of the form *.cvpn-endpoint-<id>.<region>.amazonaws.com.`);
    return `${REMOTE_LABEL}.${bare}`;
}

export interface OvpnParts {
    /** Endpoint DNS name as the API returns it (with or without the leading `*.`). */
    endpointDnsName: string;
    port: number;
    protocol: "udp" | "tcp";
    caCertPem: string;
    clientCertPem: string;
    clientKeyPem: string;
    /** The endpoint also requires SAML: the AWS-provided client then opens the identity provider's login page. */
    federated?: boolean;
}

const block = (tag: string, pem: string) => `<${tag}>\n${pem.trim()}\n</${tag}>`;

/**
 * A complete profile with the client's certificate and key inline, the same directives as the console's export
 * plus the key material the console never had. `reneg-sec 0`: the endpoint renegotiates, not the client.
 */
export function buildOvpn(p: OvpnParts): string {
    for (const [field, pem] of [
        ["caCertPem", p.caCertPem],
        ["clientCertPem", p.clientCertPem],
        ["clientKeyPem", p.clientKeyPem],
    ] as const) {
        if (typeof pem !== "string" || !pem.includes("-----BEGIN ")) throw new Error(`buildOvpn: ${field} is not a PEM block.`);
    }
    const lines = [
        "client",
        "dev tun",
        `proto ${p.protocol}`,
        `remote ${remoteHost(p.endpointDnsName)} ${p.port}`,
        "remote-random-hostname",
        "resolv-retry infinite",
        "nobind",
        "remote-cert-tls server",
        "cipher AES-256-GCM",
        "verb 3",
        // The AWS-provided client reads auth-federate and runs the SAML flow; plain OpenVPN cannot.
        ...(p.federated ? ["auth-user-pass", "auth-federate", "auth-retry interact", "auth-nocache"] : []),
        block("ca", p.caCertPem),
        block("cert", p.clientCertPem),
        block("key", p.clientKeyPem),
        "reneg-sec 0",
    ];
    return `${lines.join("\n")}\n`;
}
