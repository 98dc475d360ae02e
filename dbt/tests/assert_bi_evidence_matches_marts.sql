-- bi_evidence lists exactly the mentions the marts count: per event, declined_engagements.mentions rows;
-- per actor, actor_mentions.mentions rows. Returns the rows where they disagree.
-- A test that reads several models is an asset check in Dagster only when it names one: bi_evidence.
{{ config(meta={'dagster': {'ref': {'name': 'bi_evidence'}}}) }}
with engagement_rows as (
    select event_id, count(*) as n from {{ ref('bi_evidence') }}
    where evidence_for = 'declined engagement'
    group by event_id
),

actor_rows as (
    select actor, count(*) as n from {{ ref('bi_evidence') }}
    where evidence_for = 'actor'
    group by actor
)

select 'event' as mart_row, events.event_id as key, events.mentions as expected, engagement_rows.n as listed
from {{ ref('declined_engagements') }} as events
full join engagement_rows using (event_id)
where events.mentions is distinct from engagement_rows.n
union all
select 'actor', actors.actor, actors.mentions, actor_rows.n
from {{ ref('actor_mentions') }} as actors
full join actor_rows using (actor)
where actors.mentions is distinct from actor_rows.n
