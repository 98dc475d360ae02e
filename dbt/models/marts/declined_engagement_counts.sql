-- How often each decliner refused each requester: events (deduplicated refusals), the mentions reporting them and their articles.
with mentions as (
    select * from {{ ref('int_engagement_events') }}
)

select
    decliner,
    requester,
    count(distinct event_id) as events,
    count(*) as mentions,
    count(distinct article_id) as articles,
    count(distinct event_id) filter (where kind_class = 'refused') as refused_events,
    count(distinct event_id) filter (where kind_class = 'cancelled') as cancelled_events,
    count(distinct event_id) filter (where kind_class = 'postponed') as postponed_events
from mentions
group by decliner, requester
