-- declined_engagement_counts with the pair as one label a chart can group by, and the mentions that repeat
-- an already counted refusal (why a pair's mentions exceed its events).
{{ config(materialized='view') }}

select
    decliner || ' → ' || coalesce(requester, '(requester not named)') as pair,
    decliner,
    requester,
    events,
    mentions,
    mentions - events as repeated_mentions,
    articles,
    refused_events,
    cancelled_events,
    postponed_events
from {{ ref('declined_engagement_counts') }}
