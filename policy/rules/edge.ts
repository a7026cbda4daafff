import { PolicyResource, Rule, StackView, Violation } from "../types";
import { asArray, violation } from "../view";
import { Ingress, ingressPermissions } from "./network";

const LB_TYPES = ["aws:lb/loadBalancer:LoadBalancer", "aws:alb/loadBalancer:LoadBalancer"];
const LISTENER_TYPES = ["aws:lb/listener:Listener", "aws:alb/listener:Listener"];
const TARGET_GROUP_TYPES = ["aws:lb/targetGroup:TargetGroup", "aws:alb/targetGroup:TargetGroup"];
const CERTIFICATE = "aws:acm/certificate:Certificate";

/** A2's allow-list: AWS's recommendation and its floor. */
export const ALLOWED_SSL_POLICIES = ["ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09", "ELBSecurityPolicy-TLS13-1-2-2021-06"];
export const ALLOWED_DESYNC_MODES = ["defensive", "strictest"];
/** Kubernetes' default NodePort range (kube-apiserver --service-node-port-range; EKS keeps it). */
export const NODE_PORT_RANGE: [number, number] = [30000, 32767];

const isTrue = (v: unknown) => v === true || v === "true";
const known = (v: unknown): v is string => typeof v === "string" && v !== "";
const isApplication = (lb: PolicyResource) => lb.props.loadBalancerType === undefined || lb.props.loadBalancerType === "application";
const actionsOf = (l: PolicyResource) => asArray<any>(l.props.defaultActions);

function checkHttpListener(l: PolicyResource): Violation[] {
    const actions = actionsOf(l);
    const redirectsToHttps = actions.length === 1 && actions[0]?.type === "redirect" && actions[0]?.redirect?.protocol === "HTTPS";
    return redirectsToHttps ? [] : [violation("A1", l, `HTTP listener on port ${l.props.port} must only redirect to HTTPS; it has ${actions.map((a) => a?.type).join(", ") || "no"} action(s).`)];
}

/** Security groups of the stack's load balancers, where ids are known. */
const albSecurityGroups = (stack: StackView): Set<string> => new Set(stack.ofType(...LB_TYPES).flatMap((lb) => asArray<unknown>(lb.props.securityGroups)).filter(known));

/** Ingress permissions that reach any port of the NodePort range. */
const reachesNodePorts = (i: Ingress) => i.protocol === "-1" || i.protocol === "all" || (i.fromPort <= NODE_PORT_RANGE[1] && i.toPort >= NODE_PORT_RANGE[0]);

/** Rules of the edge layer (A1-A5 and N4's NodePort half, docs/policy.md). */
export const edgeRules: Rule[] = [
    {
        id: "A1",
        name: "a1-http-redirects-only",
        description: "The ALB's HTTP :80 listener only redirects to HTTPS (AG; CKV2_AWS_20).",
        enforcement: "mandatory",
        check(stack) {
            return stack.ofType(...LISTENER_TYPES).filter((l) => l.props.protocol === "HTTP" || (l.props.protocol === undefined && l.props.port === 80)).flatMap(checkHttpListener);
        },
    },
    {
        id: "A2",
        name: "a2-tls-policy-allow-list",
        description: `HTTPS listeners name their sslPolicy, one of ${ALLOWED_SSL_POLICIES.join(", ")} (without one the API falls back to ELBSecurityPolicy-2016-08).`,
        enforcement: "mandatory",
        check(stack) {
            return stack.ofType(...LISTENER_TYPES).filter((l) => l.props.protocol === "HTTPS").flatMap((l) => {
                const policy = l.props.sslPolicy;
                if (policy === undefined) return [violation("A2", l, `HTTPS listener has no sslPolicy, so AWS applies ELBSecurityPolicy-2016-08 (TLS 1.0); set ${ALLOWED_SSL_POLICIES[0]}.`)];
                if (known(policy) && !ALLOWED_SSL_POLICIES.includes(policy)) return [violation("A2", l, `sslPolicy ${policy} is not on the allow-list (${ALLOWED_SSL_POLICIES.join(", ")}).`)];
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
            return stack.ofType(...LB_TYPES).filter(isApplication).flatMap((lb) => {
                const out: Violation[] = [];
                if (!isTrue(lb.props.dropInvalidHeaderFields)) out.push(violation("A3", lb, "dropInvalidHeaderFields is not true; malformed headers would reach the targets."));
                const mode = lb.props.desyncMitigationMode;
                if (!ALLOWED_DESYNC_MODES.includes(mode)) out.push(violation("A3", lb, `desyncMitigationMode is ${mode === undefined ? "not set" : JSON.stringify(mode)}; declare "defensive" or "strictest".`));
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
            return stack.ofType(...LB_TYPES).filter(isApplication).flatMap((lb) => {
                const out: Violation[] = [];
                const logs = lb.props.accessLogs;
                if (!isTrue(logs?.enabled) || logs.bucket === "") out.push(violation("A4", lb, "access logs are off; set accessLogs { enabled: true, bucket }."));
                if (stack.tier !== "dev" && !isTrue(lb.props.enableDeletionProtection)) out.push(violation("A4", lb, `deletion protection is off in ${stack.tier}; set enableDeletionProtection: true.`));
                return out;
            });
        },
    },
    {
        id: "A5",
        name: "a5-certificate-and-health-check",
        description: "Certificates are DNS-validated and cover a wildcard plus its apex; target groups health-check an explicit path (the ingress controller's health endpoint).",
        enforcement: "mandatory",
        check(stack) {
            const out: Violation[] = [];
            for (const c of stack.ofType(CERTIFICATE)) {
                if (c.props.certificateBody !== undefined || c.props.certificateAuthorityArn !== undefined) continue; // imported or private CA
                if (c.props.validationMethod !== "DNS") out.push(violation("A5", c, `validationMethod is ${JSON.stringify(c.props.validationMethod)}; use DNS, which renews without anyone clicking an e-mail.`));
                const names = [c.props.domainName, ...asArray<string>(c.props.subjectAlternativeNames)].filter(known);
                const wildcard = names.find((n) => n.startsWith("*."));
                if (!wildcard) out.push(violation("A5", c, `covers ${names.join(", ")} but no wildcard; the environment's hosts need *.<domain>.`));
                else if (!names.includes(wildcard.slice(2))) out.push(violation("A5", c, `covers ${wildcard} but not its apex ${wildcard.slice(2)}.`));
            }
            for (const tg of stack.ofType(...TARGET_GROUP_TYPES)) {
                if (tg.props.targetType === "lambda" || !["HTTP", "HTTPS"].includes(tg.props.protocol)) continue;
                const check = tg.props.healthCheck;
                if (check?.enabled === false || check?.enabled === "false") out.push(violation("A5", tg, "health checks are disabled."));
                else if (!known(check?.path) || check.path === "/") out.push(violation("A5", tg, `health check path is ${check?.path ?? "not set"}; point it at the ingress controller's health endpoint (/nginx-health).`));
            }
            return out;
        },
    },
    {
        id: "N4",
        name: "n4-nodeports-from-alb-only",
        description: "Nodes accept the NodePorts only from the ALB's security group, and the ALB's group reaches nothing on them but the target group ports (CKV_AWS_24/260).",
        enforcement: "mandatory",
        check(stack) {
            const albGroups = albSecurityGroups(stack);
            const targetPorts = new Set(stack.ofType(...TARGET_GROUP_TYPES).map((tg) => tg.props.port).filter((p) => typeof p === "number"));
            const out: Violation[] = [];
            for (const i of ingressPermissions(stack)) {
                if (i.cidrs.length > 0 && reachesNodePorts(i)) {
                    out.push(violation("N4", i.resource, `opens ${i.fromPort}-${i.toPort}/${i.protocol} (NodePort range) to ${i.cidrs.join(", ")}; NodePorts take traffic only from the ALB's security group.`));
                }
                const fromAlb = i.sourceGroupIds.filter((g) => albGroups.has(g));
                if (fromAlb.length > 0 && !(i.protocol === "tcp" && i.fromPort === i.toPort && targetPorts.has(i.fromPort))) {
                    out.push(violation("N4", i.resource, `admits the ALB's group on ${i.fromPort}-${i.toPort}/${i.protocol}; admit it on the target group's NodePort (${[...targetPorts].join(", ") || "none declared"}) only.`));
                }
            }
            return out;
        },
    },
];
