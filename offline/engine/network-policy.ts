/**
 * Whether NetworkPolicies admit one TCP connection between two pods, by the rules of networking.k8s.io/v1: a pod that
 * some policy selects for a direction is isolated in it, and a connection passes only if the source's egress and the
 * destination's ingress both allow it. ipBlock peers are taken to match every pod (on EKS pods have VPC addresses),
 * so a result errs towards "allowed": good for proving that something is denied, and for proving a path exists.
 */

export interface Pod {
    namespace: string;
    labels: Record<string, string>;
}

type Selector = { matchLabels?: Record<string, string>; matchExpressions?: { key: string; operator: string; values?: string[] }[] };
interface Peer {
    namespaceSelector?: Selector;
    podSelector?: Selector;
    ipBlock?: unknown;
}
interface Rule {
    from?: Peer[];
    to?: Peer[];
    ports?: { protocol?: string; port?: number | string }[];
}
/** A NetworkPolicy's namespace and spec, as the program declares it. */
export interface Policy {
    namespace: string;
    name: string;
    spec: { podSelector: Selector; policyTypes?: string[]; ingress?: Rule[]; egress?: Rule[] };
}

export function selects(selector: Selector | undefined, labels: Record<string, string>): boolean {
    if (!selector) return true;
    const byLabel = Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
    return (
        byLabel &&
        (selector.matchExpressions ?? []).every((e) => {
            switch (e.operator) {
                case "In":
                    return e.key in labels && (e.values ?? []).includes(labels[e.key]);
                case "NotIn":
                    return !(e.key in labels) || !(e.values ?? []).includes(labels[e.key]);
                case "Exists":
                    return e.key in labels;
                case "DoesNotExist":
                    return !(e.key in labels);
                default:
                    throw new Error(`unknown operator ${e.operator}`);
            }
        })
    );
}

/** A peer of a policy in `policyNamespace` matches `pod`: namespaces by their kubernetes.io/metadata.name label. */
function peerMatches(peer: Peer, policyNamespace: string, pod: Pod): boolean {
    if (peer.ipBlock) return true;
    const namespaceOk = peer.namespaceSelector
        ? selects(peer.namespaceSelector, { "kubernetes.io/metadata.name": pod.namespace })
        : pod.namespace === policyNamespace;
    return namespaceOk && selects(peer.podSelector, pod.labels);
}

const portMatches = (rule: Rule, port: number) =>
    !rule.ports ||
    rule.ports.length === 0 ||
    rule.ports.some((p) => (p.protocol ?? "TCP") === "TCP" && (p.port === undefined || p.port === port));

function directionAllows(policies: Policy[], subject: Pod, other: Pod, port: number, direction: "Ingress" | "Egress"): boolean {
    const applying = policies.filter(
        (p) =>
            p.namespace === subject.namespace &&
            selects(p.spec.podSelector, subject.labels) &&
            (p.spec.policyTypes ?? ["Ingress"]).includes(direction),
    );
    if (applying.length === 0) return true;
    return applying.some((p) =>
        ((direction === "Ingress" ? p.spec.ingress : p.spec.egress) ?? []).some((rule) => {
            const peers = direction === "Ingress" ? rule.from : rule.to;
            return portMatches(rule, port) && (!peers || peers.length === 0 || peers.some((peer) => peerMatches(peer, p.namespace, other)));
        }),
    );
}

/** Whether the source's egress and the destination's ingress admit a TCP connection from `from` to `to` on `port`. */
export function connection(policies: Policy[], from: Pod, to: Pod, port: number): { egress: boolean; ingress: boolean; allowed: boolean } {
    const egress = directionAllows(policies, from, to, port, "Egress");
    const ingress = directionAllows(policies, to, from, port, "Ingress");
    return { egress, ingress, allowed: egress && ingress };
}
