import { mockArn, mockHost, mockId } from "../fakes";
import { edge } from "./edge";
import { gitops } from "./gitops";
import type { MockTable } from "./types";

/** A recognisable fake PEM block: never parseable, always of the right shape for the .ovpn and ACM inputs. */
export const mockPem = (label: string, name: string) => `-----BEGIN ${label}-----\nMOCK-${name}\n-----END ${label}-----\n`;

/** The PEM label the tls provider writes for each key algorithm. */
const PEM_KEY_LABEL: Record<string, string> = { RSA: "RSA PRIVATE KEY", ECDSA: "EC PRIVATE KEY", ED25519: "PRIVATE KEY" };

/** Mocked outputs of the vpn (Client VPN) and monitoring layers' resources (owned by those layers). */
export const vpn: MockTable = {
    resources: {
        // The gitops layer mocks the same type (OpenSSH fields for the Flux deploy key): keep its fields, add the PEM
        // ones the VPN's PKI reads. index.ts must list this table after gitops and edge.
        "tls:index/privateKey:PrivateKey": (name, inputs) => ({
            ...gitops.resources["tls:index/privateKey:PrivateKey"]?.(name, inputs),
            privateKeyPem: mockPem(PEM_KEY_LABEL[String(inputs.algorithm)] ?? "PRIVATE KEY", name),
            publicKeyPem: mockPem("PUBLIC KEY", name),
        }),
        "tls:index/selfSignedCert:SelfSignedCert": (name) => ({ certPem: mockPem("CERTIFICATE", name) }),
        "tls:index/certRequest:CertRequest": (name) => ({ certRequestPem: mockPem("CERTIFICATE REQUEST", name) }),
        "tls:index/locallySignedCert:LocallySignedCert": (name) => ({ certPem: mockPem("CERTIFICATE", name) }),
        // The edge layer mocks requested (DNS-validated) certificates; the VPN imports its server certificate, which has
        // no domainName input and is ISSUED at once. index.ts must list this table after edge.
        "aws:acm/certificate:Certificate": (name, inputs) =>
            inputs.certificateBody === undefined
                ? edge.resources["aws:acm/certificate:Certificate"](name, inputs)
                : { arn: mockArn("acm", `certificate/mock-${name}`), status: "ISSUED", type: "IMPORTED" },
        // The API returns the endpoint's DNS name with a leading wildcard label.
        "aws:ec2clientvpn/endpoint:Endpoint": (name) => ({
            id: mockId("cvpn-endpoint", name),
            dnsName: `*.${mockHost(name, "clientvpn")}`,
            arn: mockArn("ec2", `client-vpn-endpoint/${mockId("cvpn-endpoint", name)}`),
        }),
        "aws:sfn/stateMachine:StateMachine": (name) => ({ arn: mockArn("states", `stateMachine:mock-${name}`) }),
        "aws:scheduler/scheduleGroup:ScheduleGroup": (name) => ({
            name: `mock-${name}`,
            arn: mockArn("scheduler", `schedule-group/mock-${name}`),
        }),
        "aws:scheduler/schedule:Schedule": (name, inputs) => ({
            arn: mockArn("scheduler", `schedule/${inputs.groupName ?? "default"}/mock-${name}`),
        }),
        "aws:ec2clientvpn/networkAssociation:NetworkAssociation": (name) => ({ id: mockId("cvpn-assoc", name) }),
        "aws:sns/topic:Topic": (name, inputs) => ({ arn: mockArn("sns", inputs.name ?? `mock-${name}`) }),
        "aws:cloudwatch/dashboard:Dashboard": (name, inputs) => ({
            dashboardArn: `arn:aws:cloudwatch::000000000000:dashboard/${inputs.dashboardName ?? name}`,
        }),
    },
    calls: {},
};
