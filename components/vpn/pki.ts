import * as pulumi from "@pulumi/pulumi";
import * as tls from "@pulumi/tls";

// A Client VPN endpoint accepts 1024- and 2048-bit RSA keys only, for the server and the client certificates
// ("Mutual authentication in AWS Client VPN", AWS Client VPN admin guide). ECDSA is rejected.
export const KEY_ALGORITHM = "RSA";
export const RSA_BITS = 2048;

/** Lifetimes in hours. Replacing the CA re-issues every certificate: everyone downloads a new .ovpn. */
export const CA_VALIDITY_HOURS = 10 * 365 * 24;
export const SERVER_VALIDITY_HOURS = 3 * 365 * 24;
export const CLIENT_VALIDITY_HOURS = 365 * 24;
/** The next `pulumi up` inside this window re-issues the certificate (tls provider semantics). */
export const EARLY_RENEWAL_HOURS = 30 * 24;

/** Host names the certificates carry. Client VPN matches nothing against them; they identify the environment. */
export const serverCommonName = (domain: string) => `vpn.${domain}`;
export const clientCommonName = (client: string, domain: string) => `${client}.vpn.${domain}`;

export interface IssuedCert {
    certPem: pulumi.Output<string>;
    /** Secret. */
    keyPem: pulumi.Output<string>;
}

export interface VpnPki {
    caCertPem: pulumi.Output<string>;
    server: IssuedCert;
    /** One certificate per client name, in the order given. */
    clients: Record<string, IssuedCert>;
}

/**
 * Options of the CA's key and certificate: `protect` in protected tiers. A new CA invalidates every .ovpn at once,
 * so replacing it must be a deliberate rotation (docs/vpn.md), never a side effect of an edit. The server and client
 * certificates stay unprotected: they renew themselves inside {@link EARLY_RENEWAL_HOURS} by replacement.
 */
export function caOptions(parent: pulumi.Resource, protect: boolean): pulumi.CustomResourceOptions {
    return { parent, protect };
}

function key(name: string, opts: pulumi.CustomResourceOptions): tls.PrivateKey {
    return new tls.PrivateKey(name, { algorithm: KEY_ALGORITHM, rsaBits: RSA_BITS }, opts);
}

/**
 * The endpoint's own small PKI: a CA, a server certificate and one client certificate per name, all held in the
 * stack's (encrypted) state. The CA key never leaves the state: it is not imported into ACM (the endpoint uses the
 * server certificate, whose chain is the CA, as the client root), and it is no stack output.
 */
export function issueVpnPki(name: string, domain: string, clients: string[], parent: pulumi.Resource, protect: boolean): VpnPki {
    const caKey = key(`${name}-ca-key`, caOptions(parent, protect));
    const ca = new tls.SelfSignedCert(
        `${name}-ca`,
        {
            privateKeyPem: caKey.privateKeyPem,
            isCaCertificate: true,
            // crl_signing lets an operator revoke a client with openssl and this CA (docs/vpn.md).
            allowedUses: ["cert_signing", "crl_signing"],
            subject: { commonName: `${domain} VPN CA`, organization: domain },
            validityPeriodHours: CA_VALIDITY_HOURS,
        },
        caOptions(parent, protect),
    );

    const issue = (role: string, commonName: string, usage: "server_auth" | "client_auth", hours: number): IssuedCert => {
        const k = key(`${name}-${role}-key`, { parent });
        const csr = new tls.CertRequest(
            `${name}-${role}-csr`,
            {
                privateKeyPem: k.privateKeyPem,
                subject: { commonName, organization: domain },
                dnsNames: usage === "server_auth" ? [commonName] : undefined,
            },
            { parent },
        );
        const cert = new tls.LocallySignedCert(
            `${name}-${role}-cert`,
            {
                certRequestPem: csr.certRequestPem,
                caPrivateKeyPem: caKey.privateKeyPem,
                caCertPem: ca.certPem,
                allowedUses: ["key_encipherment", "digital_signature", usage],
                validityPeriodHours: hours,
                earlyRenewalHours: EARLY_RENEWAL_HOURS,
            },
            { parent },
        );
        return { certPem: cert.certPem, keyPem: pulumi.secret(k.privateKeyPem) };
    };

    const server = issue("server", serverCommonName(domain), "server_auth", SERVER_VALIDITY_HOURS);
    const issued: Record<string, IssuedCert> = {};
    for (const client of clients) {
        issued[client] = issue(`client-${client}`, clientCommonName(client, domain), "client_auth", CLIENT_VALIDITY_HOURS);
    }
    return { caCertPem: ca.certPem, server, clients: issued };
}
