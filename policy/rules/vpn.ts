import * as aws from "@pulumi/aws";
import type { PolicyResource, PropsOf, Rule, StackView, Violation } from "../types";
import { violation } from "../view";

type Endpoint = PolicyResource<PropsOf<typeof aws.ec2clientvpn.Endpoint>>;
type AuthorizationRule = PolicyResource<PropsOf<typeof aws.ec2clientvpn.AuthorizationRule>>;
type Vpc = PolicyResource<PropsOf<typeof aws.ec2.Vpc>>;
const WORLD = ["0.0.0.0/0", "::/0"];

/** AWS accepts client blocks from /12 (largest) to /22 (smallest). */
export const CLIENT_CIDR_LARGEST = 12;
export const CLIENT_CIDR_SMALLEST = 22;

// The pack runs as its own directory (PulumiPolicy.yaml), so it carries its own small IPv4 parser.
interface Block {
    base: number;
    prefix: number;
}

/** "a.b.c.d/n" as a block, or undefined when malformed or misaligned. */
export function parseBlock(text: unknown): Block | undefined {
    if (typeof text !== "string") return undefined;
    const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(text);
    if (!m) return undefined;
    const octets = m.slice(1, 5).map(Number);
    const prefix = Number(m[5]);
    if (octets.some((o) => o > 255) || prefix > 32) return undefined;
    const base = octets.reduce((acc, o) => acc * 256 + o, 0);
    const size = 2 ** (32 - prefix);
    return base % size === 0 ? { base, prefix } : undefined;
}

const size = (b: Block) => 2 ** (32 - b.prefix);
const overlaps = (a: Block, b: Block) => a.base < b.base + size(b) && b.base < a.base + size(a);
const within = (inner: Block, outer: Block) => inner.base >= outer.base && inner.base + size(inner) <= outer.base + size(outer);

/** The VPC an endpoint names, when ids are known; otherwise every VPC of the stack (the strict reading). */
function vpcsOf(stack: StackView, endpoint: Endpoint): Vpc[] {
    const named = stack.byId(endpoint.props.vpcId, aws.ec2.Vpc);
    return named ? [named] : stack.ofClass(aws.ec2.Vpc);
}

function checkEndpoint(stack: StackView, e: Endpoint): Violation[] {
    const out: Violation[] = [];
    const text = e.props.clientCidrBlock;
    const client = parseBlock(text);
    if (!client) {
        out.push(violation("N6", e, `client CIDR ${JSON.stringify(text)} is not a valid, aligned IPv4 block.`));
    } else {
        if (client.prefix < CLIENT_CIDR_LARGEST || client.prefix > CLIENT_CIDR_SMALLEST) {
            out.push(
                violation(
                    "N6",
                    e,
                    `client CIDR ${text} is /${client.prefix}; Client VPN needs /${CLIENT_CIDR_LARGEST} to /${CLIENT_CIDR_SMALLEST}.`,
                ),
            );
        }
        for (const vpc of vpcsOf(stack, e)) {
            const block = parseBlock(vpc.props.cidrBlock);
            if (block && overlaps(client, block))
                out.push(
                    violation(
                        "N6",
                        e,
                        `client CIDR ${text} overlaps the VPC ${vpc.name} (${vpc.props.cidrBlock}); clients could not reach the addresses they share.`,
                    ),
                );
        }
    }
    const logging = e.props.connectionLogOptions;
    if (logging?.enabled !== true)
        out.push(violation("N6", e, "connection logging is off; turn connectionLogOptions.enabled on with a CloudWatch log group."));
    else if (!logging.cloudwatchLogGroup) out.push(violation("N6", e, "connection logging names no CloudWatch log group."));
    return out;
}

function checkAuthorization(stack: StackView, r: AuthorizationRule): Violation[] {
    const target = r.props.targetNetworkCidr;
    if (typeof target !== "string") return []; // unknown during preview
    if (WORLD.includes(target)) return [violation("N6", r, `authorizes ${target}; scope VPN users to the VPC CIDR.`)];
    const block = parseBlock(target);
    const vpcBlocks = stack
        .ofClass(aws.ec2.Vpc)
        .map((v) => parseBlock(v.props.cidrBlock))
        .filter((b): b is Block => !!b);
    if (vpcBlocks.length === 0) return [];
    if (!block || !vpcBlocks.some((v) => within(block, v))) {
        return [
            violation(
                "N6",
                r,
                `authorizes ${target}, which is not inside the VPC CIDR ${stack
                    .ofClass(aws.ec2.Vpc)
                    .map((v) => v.props.cidrBlock)
                    .join(", ")}.`,
            ),
        ];
    }
    return [];
}

/** Client VPN rules (N6 in docs/policy.md). */
export const vpnRules: Rule[] = [
    {
        id: "N6",
        name: "n6-client-vpn",
        description: "Client VPN: client CIDR /22../12 and outside the VPC; connection logging on; authorization scoped to the VPC CIDR.",
        enforcement: "mandatory",
        check(stack) {
            return [
                ...stack.ofClass(aws.ec2clientvpn.Endpoint).flatMap((e) => checkEndpoint(stack, e)),
                ...stack.ofClass(aws.ec2clientvpn.AuthorizationRule).flatMap((r) => checkAuthorization(stack, r)),
            ];
        },
    },
];
