export { Monitoring, MonitoringArgs, emailSlug, validateMonitoringArgs } from "./monitoring";
export {
    ALB_5XX_MIN_REQUESTS,
    ALB_5XX_PERCENT,
    AlarmSpec,
    KAFKA_DISK_USED_PERCENT,
    RDS_FREE_STORAGE_FRACTION,
    alarmSpecs,
    rdsFreeStorageThresholdBytes,
} from "./alarms";
export { AlbSection, ClusterSection, DatabaseSection, KafkaSection, MonitoredSections, SearchSection } from "./sections";
export { dashboardBody } from "./widgets";
export { CONTAINER_INSIGHTS_METRICS, ContainerInsightsEntity, ENTITY_DIMENSIONS, metricsPerEntity } from "./container-insights";
