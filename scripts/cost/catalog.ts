import type { RecordedResource } from "../../offline/engine/registry";
import type { Priced, Pricer, PricingContext } from "./context";
import * as compute from "./pricers-compute";
import * as data from "./pricers-data";
import * as k8s from "./pricers-kubernetes";
import * as misc from "./pricers-misc";
import * as net from "./pricers-network";

/**
 * What each resource type costs. A type is looked up in PRICERS, then FREE, then USAGE; anything else is reported
 * as not priced: an unknown type never turns into a silent $0.
 */
export const PRICERS: Record<string, Pricer> = {
    "aws:ec2/natGateway:NatGateway": net.natGateway,
    "aws:ec2/eip:Eip": net.eip,
    "aws:ec2/vpcEndpoint:VpcEndpoint": net.vpcEndpoint,
    "aws:lb/loadBalancer:LoadBalancer": net.loadBalancer,
    "aws:alb/loadBalancer:LoadBalancer": net.loadBalancer,
    "aws:ec2clientvpn/networkAssociation:NetworkAssociation": net.clientVpnAssociation,
    "aws:ec2clientvpn/endpoint:Endpoint": net.clientVpnEndpoint,
    "aws:scheduler/schedule:Schedule": net.schedule,
    "aws:sfn/stateMachine:StateMachine": net.stateMachine,
    "eks:index:Cluster": compute.eksComponentCluster,
    "aws:eks/cluster:Cluster": compute.awsEksCluster,
    "aws:eks/nodeGroup:NodeGroup": compute.managedNodeGroup,
    "eks:index:ManagedNodeGroup": compute.managedNodeGroup,
    "eks:index:NodeGroup": compute.selfManagedNodeGroup,
    "eks:index:NodeGroupV2": compute.selfManagedNodeGroup,
    "aws:ec2/instance:Instance": compute.ec2Instance,
    "aws:ebs/volume:Volume": compute.ebsVolume,
    "aws:msk/cluster:Cluster": data.mskCluster,
    "aws:msk/serverlessCluster:ServerlessCluster": data.mskServerless,
    "aws:opensearch/domain:Domain": data.openSearchDomain,
    "aws:rds/instance:Instance": data.rdsInstance,
    "aws:route53/zone:Zone": misc.route53Zone,
    "aws:kms/key:Key": misc.kmsKey,
    "aws:kms/replicaKey:ReplicaKey": misc.kmsKey,
    "aws:cloudwatch/dashboard:Dashboard": misc.dashboard,
    "aws:cloudwatch/metricAlarm:MetricAlarm": misc.metricAlarm,
    "aws:cloudwatch/compositeAlarm:CompositeAlarm": misc.compositeAlarm,
    "aws:secretsmanager/secret:Secret": misc.secret,
    "aws:wafv2/webAcl:WebAcl": misc.webAcl,
    "aws:acm/certificate:Certificate": misc.acmCertificate,
    "aws:ssm/parameter:Parameter": misc.ssmParameter,
    "aws:dynamodb/table:Table": misc.dynamoTable,
    "aws:eks/addon:Addon": misc.eksAddon,
    "kubernetes:core/v1:PersistentVolumeClaim": k8s.pvc,
    "kubernetes:apps/v1:StatefulSet": k8s.statefulSet,
    "kubernetes:core/v1:Service": k8s.service,
    "kubernetes:helm.sh/v3:Release": k8s.helmChart,
    "kubernetes:helm.sh/v4:Chart": k8s.helmChart,
};

const KUBE = "Kubernetes object (runs on the nodes)";

/** Types that cost nothing by themselves, with the reason shown in the report. */
export const FREE: Record<string, string> = {
    "aws:ec2/vpc:Vpc": "VPC",
    "aws:ec2/subnet:Subnet": "subnet",
    "aws:ec2/routeTable:RouteTable": "route table",
    "aws:ec2/route:Route": "route",
    "aws:ec2/routeTableAssociation:RouteTableAssociation": "route table association",
    "aws:ec2/mainRouteTableAssociation:MainRouteTableAssociation": "route table association",
    "aws:ec2/defaultRouteTable:DefaultRouteTable": "route table",
    "aws:ec2/internetGateway:InternetGateway": "internet gateway (data transfer billed separately)",
    "aws:ec2/egressOnlyInternetGateway:EgressOnlyInternetGateway": "egress-only internet gateway",
    "aws:ec2/securityGroup:SecurityGroup": "security group",
    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": "security group",
    "aws:ec2/securityGroupRule:SecurityGroupRule": "security group rule",
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": "security group rule",
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": "security group rule",
    "aws:ec2/networkAcl:NetworkAcl": "network ACL",
    "aws:ec2/defaultNetworkAcl:DefaultNetworkAcl": "network ACL",
    "aws:ec2/networkAclRule:NetworkAclRule": "network ACL rule",
    "aws:ec2/flowLog:FlowLog": "flow log definition (its log group is usage-based)",
    "aws:ec2/launchTemplate:LaunchTemplate": "launch template (its volumes are priced on the node group)",
    "aws:ec2/vpcEndpointRouteTableAssociation:VpcEndpointRouteTableAssociation": "endpoint association",
    "aws:ec2/keyPair:KeyPair": "key pair",
    "aws:ec2/tag:Tag": "tag",
    "aws:sqs/queuePolicy:QueuePolicy": "queue policy",
    "aws:kms/alias:Alias": "key alias",
    "aws:route53/record:Record": "DNS record (alias queries to AWS resources are free)",
    "aws:route53/zoneAssociation:ZoneAssociation": "zone association",
    "aws:acm/certificateValidation:CertificateValidation": "certificate validation",
    "aws:lb/listener:Listener": "listener",
    "aws:lb/listenerRule:ListenerRule": "listener rule",
    "aws:lb/listenerCertificate:ListenerCertificate": "listener certificate",
    "aws:lb/targetGroup:TargetGroup": "target group",
    "aws:lb/targetGroupAttachment:TargetGroupAttachment": "target group attachment",
    "aws:alb/listener:Listener": "listener",
    "aws:alb/targetGroup:TargetGroup": "target group",
    "aws:alb/targetGroupAttachment:TargetGroupAttachment": "target group attachment",
    "aws:autoscaling/attachment:Attachment": "auto scaling attachment",
    "aws:wafv2/webAclAssociation:WebAclAssociation": "web ACL association",
    "aws:ec2clientvpn/authorizationRule:AuthorizationRule": "Client VPN authorization rule",
    "aws:ec2clientvpn/route:Route": "Client VPN route",
    "aws:s3/bucketPolicy:BucketPolicy": "bucket policy",
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": "bucket setting",
    "aws:s3/bucketOwnershipControls:BucketOwnershipControls": "bucket setting",
    "aws:s3/bucketVersioning:BucketVersioning": "bucket setting",
    "aws:s3/bucketVersioningV2:BucketVersioningV2": "bucket setting",
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": "bucket setting",
    "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2": "bucket setting",
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": "bucket setting",
    "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2": "bucket setting",
    "aws:rds/subnetGroup:SubnetGroup": "DB subnet group",
    "aws:rds/parameterGroup:ParameterGroup": "DB parameter group",
    "aws:rds/optionGroup:OptionGroup": "DB option group",
    "aws:msk/configuration:Configuration": "MSK configuration",
    "aws:msk/scramSecretAssociation:ScramSecretAssociation": "SCRAM secret association",
    "aws:opensearch/domainPolicy:DomainPolicy": "domain policy",
    "aws:opensearch/domainSamlOptions:DomainSamlOptions": "domain setting",
    "aws:eks/accessEntry:AccessEntry": "EKS access entry",
    "aws:eks/accessPolicyAssociation:AccessPolicyAssociation": "EKS access policy association",
    "aws:eks/podIdentityAssociation:PodIdentityAssociation": "EKS Pod Identity association",
    "aws:eks/identityProviderConfig:IdentityProviderConfig": "EKS identity provider config",
    "eks:index:Addon": "EKS add-on (free; its pods run on the nodes)",
    "eks:index:VpcCniAddon": "EKS add-on (free; its pods run on the nodes)",
    "aws:cloudwatch/logResourcePolicy:LogResourcePolicy": "log resource policy",
    "aws:cloudwatch/logStream:LogStream": "log stream (ingestion is usage on its log group)",
    "aws:cloudwatch/logSubscriptionFilter:LogSubscriptionFilter": "log subscription filter",
    "aws:cloudwatch/eventTarget:EventTarget": "event target",
    "aws:sns/topicSubscription:TopicSubscription": "topic subscription (deliveries are usage on the topic)",
    "aws:sns/topicPolicy:TopicPolicy": "topic policy",
    "aws:secretsmanager/secretVersion:SecretVersion": "secret version (the secret is priced)",
    "aws:secretsmanager/secretPolicy:SecretPolicy": "secret policy",
    "aws:ecr/lifecyclePolicy:LifecyclePolicy": "repository setting",
    "aws:ecr/repositoryPolicy:RepositoryPolicy": "repository setting",
    "aws:lambda/permission:Permission": "function permission",
    "aws:scheduler/scheduleGroup:ScheduleGroup": "schedule group (its schedules are priced)",
    "pulumi:pulumi:Stack": "stack",
    "kubernetes:yaml/v2:ConfigGroup": `${KUBE}; a claim or LoadBalancer Service inside would not be visible`,
    "kubernetes:yaml/v2:ConfigFile": `${KUBE}; a claim or LoadBalancer Service inside would not be visible`,
};

/** Prefixes of whole families that are free. Checked after PRICERS, so priced Kubernetes kinds keep their pricer. */
export const FREE_PREFIXES: [string, string][] = [
    ["pulumi:providers:", "provider"],
    ["aws:iam/", "IAM (free)"],
    ["random:", "generated by Pulumi (no cloud charge)"],
    ["tls:", "generated by Pulumi (no cloud charge)"],
    ["github:", "GitHub object (no AWS charge)"],
    ["kubernetes:", KUBE],
];

/** Types billed only by use; listed as "usage-based, not estimated", never as free. */
export const USAGE: Record<string, string> = {
    "aws:cloudwatch/logGroup:LogGroup": "$0.50/GB ingested + $0.03/GB-month stored",
    "aws:s3/bucket:Bucket": "per GB-month stored and per request",
    "aws:s3/bucketV2:BucketV2": "per GB-month stored and per request",
    "aws:sns/topic:Topic": "per request and delivery",
    "aws:sqs/queue:Queue": "per request",
    "aws:ecr/repository:Repository": "per GB-month stored",
    "aws:lambda/function:Function": "per request and GB-second",
    "aws:cloudwatch/eventRule:EventRule": "per custom event",
    "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream": "per GB ingested",
    "aws:eks/fargateProfile:FargateProfile": "Fargate pods per vCPU-hour and GB-hour",
};

/** The verdict for one resource. `platform:*` components are free: their children are priced one by one. */
export function priceResource(r: RecordedResource, ctx: PricingContext): Priced {
    const pricer = PRICERS[r.type];
    if (pricer) return pricer(r, ctx);
    if (FREE[r.type]) return { kind: "free", basis: FREE[r.type] };
    if (r.type.startsWith("platform:")) return { kind: "free", basis: "component (its children are priced)" };
    const prefix = FREE_PREFIXES.find(([p]) => r.type.startsWith(p));
    if (prefix) return { kind: "free", basis: prefix[1] };
    if (USAGE[r.type]) return { kind: "usage", basis: `usage-based, not estimated: ${USAGE[r.type]}` };
    if (!r.custom)
        return { kind: "notPriced", reason: `remote component ${r.type} has no pricer and its children are invisible to the report` };
    return { kind: "notPriced", reason: `no pricer for ${r.type}` };
}
