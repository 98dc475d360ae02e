-- declined_engagement_counts and declined_engagements must tell the same story: per (decliner, requester)
-- the same number of events and mentions. Rows returned are disagreements.
-- A test that reads several models is an asset check in Dagster only when it names one: declined_engagement_counts.
{{ config(meta={'dagster': {'ref': {'name': 'declined_engagement_counts'}}}) }}
with from_events as (
    select decliner, requester, count(*) as events, sum(mentions) as mentions
    from {{ ref('declined_engagements') }}
    group by decliner, requester
),

from_counts as (
    select decliner, requester, events, mentions
    from {{ ref('declined_engagement_counts') }}
)

select
    coalesce(e.decliner, c.decliner) as decliner,
    coalesce(e.requester, c.requester) as requester,
    e.events as events_in_declined_engagements,
    c.events as events_in_counts,
    e.mentions as mentions_in_declined_engagements,
    c.mentions as mentions_in_counts
from from_events as e
full outer join from_counts as c
    on e.decliner = c.decliner and e.requester is not distinct from c.requester
where e.events is distinct from c.events or e.mentions is distinct from c.mentions
