import * as aws from "@pulumi/aws";
import type { ResourceOf, Rule, StackView, Violation } from "../types";
import { asArray, violation } from "../view";
import { type Ingress, ingressPermissions } from "./network";

// aws.alb.* are the older names of aws.lb.*: the same API under a second type token each.
const LB_CLASSES = [aws.lb.LoadBalancer, aws.alb.LoadBalancer] as const;
const LISTENER_CLASSES = [aws.lb.Listener, aws.alb.Listener] as const;
const TARGET_GROUP_CLASSES = [aws.lb.TargetGroup, aws.alb.TargetGroup] as const;
type LoadBalancer = ResourceOf<typeof LB_CLASSES>;
type Listener = ResourceOf<typeof LISTENER_CLASSES>;

/** A2's allow-list: AWS's recommendation and its floor. */
export const ALLOWED_SSL_POLICIES = ["ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09", "ELBSecurityPolicy-TLS13-1-2-2021-06"];
export const ALLOWED_DESYNC_MODES = ["defensive", "strictest"];
/** Kubernetes' default NodePort range (kube-apiserver --service-node-port-range; EKS keeps it). */
export const NODE_PORT_RANGE: [number, number] = [30000, 32767];

// Flags may reach a policy as strings ("true") whatever the SDK's type says.
const isTrue = (v: unknown) => v === true || v === "true";
const isFalse = (v: unknown) => v === false || v === "false";
const known = (v: unknown): v is string => typeof v === "string" && v !== "";
const isApplication = (lb: LoadBalancer) => lb.props.loadBalancerType === undefined || lb.props.loadBalancerType === "application";
const actionsOf = (l: Listener) => asArray(l.props.defaultActions);

function checkHttpListener(l: Listener): Violation[] {
    const actions = actionsOf(l);
    const redirectsToHttps = actions.length === 1 && actions[0]?.type === "redirect" && actions[0]?.redirect?.protocol === "HTTPS";
    return redirectsToHttps
        ? []
        : [
              violation(
                  "A1",
                  l,
                  `HTTP listener on port ${l.props.port} must only redirect to HTTPS; it has ${actions.map((a) => a?.type).join(", ") || "no"} action(s).`,
              ),
          ];
}

/** Security groups of the stack's load balancers, where ids are known. */
const albSecurityGroups = (stack: StackView): Set<string> =>
    new Set(
        stack
            .ofClass(...LB_CLASSES)
            .flatMap((lb) => asArray(lb.props.securityGroups))
            .filter(known),
    );

/** Ingress permissions that reach any port of the NodePort range. */
const reachesNodePorts = (i: Ingress) =>
    i.protocol === "-1" || i.protocol === "all" || (i.fromPort <= NODE_PORT_RANGE[1] && i.toPort >= NODE_PORT_RANGE[0]);

/** Rules of the edge layer (A1-A5 and N4's NodePort half, docs/policy.md). */
export const edgeRules: Rule[] = [
    {
        id: "A1",
        name: "a1-http-redirects-only",
        description: "The ALB's HTTP :80 listener only redirects to HTTPS (AG; CKV2_AWS_20).",
        enforcement: "mandatory",
        check(stack) {
            return stack
                .ofClass(...LISTENER_CLASSES)
                .filter((l) => l.props.protocol === "HTTP" || (l.props.protocol === undefined && l.props.port === 80))
                .flatMap(checkHttpListener);
        },
    },
    {
        id: "A2",
        name: "a2-tls-policy-allow-list",
        description: `HTTPS listeners name their sslPolicy, one of ${ALLOWED_SSL_POLICIES.join(", ")} (without one the API falls back to ELBSecurityPolicy-2016-08).`,
        enforcement: "mandatory",
        check(stack) {
            return stack
                .ofClass(...LISTENER_CLASSES)
                .filter((l) => l.props.protocol === "HTTPS")
                .flatMap((l) => {
                    const policy = l.props.sslPolicy;
                    if (policy === undefined)
                        return [
                            violation(
                                "A2",
                                l,
                                `HTTPS listener has no sslPolicy, so AWS applies ELBSecurityPolicy-2016-08 (TLS 1.0); set ${ALLOWED_SSL_POLICIES[0]}.`,
                            ),
                        ];
                    if (known(policy) && !ALLOWED_SSL_POLICIES.includes(policy))
                        return [violation("A2", l, `sslPolicy ${policy} is not on the allow-list (${ALLOWED_SSL_POLICIES.join(", ")}).`)];
                    return [];
                });
        },
    },
    {
        id: "A3",
        name: "a3-alb-header-hygiene",
        description: "ALBs drop invalid header fields and mitigate HTTP desync in defensive or strictest mode (CKV_AWS_131).",
        enforcement: "mandatory",
        check(stack) {
            return stack
                .ofClass(...LB_CLASSES)
                .filter(isApplication)
                .flatMap((lb) => {
                    const out: Violation[] = [];
                    if (!isTrue(lb.props.dropInvalidHeaderFields))
                        out.push(violation("A3", lb, "dropInvalidHeaderFields is not true; malformed headers would reach the targets."));
                    const mode = lb.props.desyncMitigationMode;
                    if (mode === undefined || !ALLOWED_DESYNC_MODES.includes(mode))
                        out.push(
                            violation(
                                "A3",
                                lb,
                                `desyncMitigationMode is ${mode === undefined ? "not set" : JSON.stringify(mode)}; declare "defensive" or "strictest".`,
                            ),
                        );
                    return out;
                });
        },
    },
    {
        id: "A4",
        name: "a4-alb-logs-and-deletion-protection",
        description: "ALBs write access logs; deletion protection is on outside dev (AG).",
        enforcement: "mandatory",
        check(stack) {
            return stack
                .ofClass(...LB_CLASSES)
                .filter(isApplication)
                .flatMap((lb) => {
                    const out: Violation[] = [];
                    const logs = lb.props.accessLogs;
                    if (!isTrue(logs?.enabled) || logs.bucket === "")
                        out.push(violation("A4", lb, "access logs are off; set accessLogs { enabled: true, bucket }."));
                    if (stack.tier !== "dev" && !isTrue(lb.props.enableDeletionProtection))
                        out.push(violation("A4", lb, `deletion protection is off in ${stack.tier}; set enableDeletionProtection: true.`));
                    return out;
                });
        },
    },
    {
        id: "A5",
        name: "a5-certificate-and-health-check",
        description:
            "Certificates are DNS-validated and cover a wildcard plus its apex; target groups health-check an explicit path (the ingress controller's health endpoint).",
        enforcement: "mandatory",
        check(stack) {
            const out: Violation[] = [];
            for (const c of stack.ofClass(aws.acm.Certificate)) {
                if (c.props.certificateBody !== undefined || c.props.certificateAuthorityArn !== undefined) continue; // imported or private CA
                if (c.props.validationMethod !== "DNS")
                    out.push(
                        violation(
                            "A5",
                            c,
                            `validationMethod is ${JSON.stringify(c.props.validationMethod)}; use DNS, which renews without anyone clicking an e-mail.`,
                        ),
                    );
                const names = [c.props.domainName, ...asArray(c.props.subjectAlternativeNames)].filter(known);
                const wildcard = names.find((n) => n.startsWith("*."));
                if (!wildcard)
                    out.push(violation("A5", c, `covers ${names.join(", ")} but no wildcard; the environment's hosts need *.<domain>.`));
                else if (!names.includes(wildcard.slice(2)))
                    out.push(violation("A5", c, `covers ${wildcard} but not its apex ${wildcard.slice(2)}.`));
            }
            for (const tg of stack.ofClass(...TARGET_GROUP_CLASSES)) {
                if (tg.props.targetType === "lambda" || tg.props.protocol === undefined || !["HTTP", "HTTPS"].includes(tg.props.protocol))
                    continue;
                const check = tg.props.healthCheck;
                if (isFalse(check?.enabled)) out.push(violation("A5", tg, "health checks are disabled."));
                else if (!known(check?.path) || check.path === "/")
                    out.push(
                        violation(
                            "A5",
                            tg,
                            `health check path is ${check?.path ?? "not set"}; point it at the ingress controller's health endpoint (/nginx-health).`,
                        ),
                    );
            }
            return out;
        },
    },
    {
        id: "N4",
        name: "n4-nodeports-from-alb-only",
        description:
            "Nodes accept the NodePorts only from the ALB's security group, and the ALB's group reaches nothing on them but the target group ports (CKV_AWS_24/260).",
        enforcement: "mandatory",
        check(stack) {
            const albGroups = albSecurityGroups(stack);
            const targetPorts = new Set(
                stack
                    .ofClass(...TARGET_GROUP_CLASSES)
                    .map((tg) => tg.props.port)
                    .filter((p) => typeof p === "number"),
            );
            const out: Violation[] = [];
            for (const i of ingressPermissions(stack)) {
                if (i.cidrs.length > 0 && reachesNodePorts(i)) {
                    out.push(
                        violation(
                            "N4",
                            i.resource,
                            `opens ${i.fromPort}-${i.toPort}/${i.protocol} (NodePort range) to ${i.cidrs.join(", ")}; NodePorts take traffic only from the ALB's security group.`,
                        ),
                    );
                }
                const fromAlb = i.sourceGroupIds.filter((g) => albGroups.has(g));
                if (fromAlb.length > 0 && !(i.protocol === "tcp" && i.fromPort === i.toPort && targetPorts.has(i.fromPort))) {
                    out.push(
                        violation(
                            "N4",
                            i.resource,
                            `admits the ALB's group on ${i.fromPort}-${i.toPort}/${i.protocol}; admit it on the target group's NodePort (${[...targetPorts].join(", ") || "none declared"}) only.`,
                        ),
                    );
                }
            }
            return out;
        },
    },
];
