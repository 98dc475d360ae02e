-- One row per real-world refusal of an engagement, deduplicated across articles (rule: int_engagement_events).
with mentions as (
    select
        *,
        -- How many of the event's mentions give each value: the most common wins, ties alphabetically,
        -- so that a rebuild gives the same row whatever order the mentions come in.
        count(*) over (partition by event_id, kind) as kind_n,
        count(*) over (partition by event_id, engagement_type) as engagement_type_n,
        count(*) over (partition by event_id, decliner_actor) as decliner_actor_n,
        count(*) over (partition by event_id, requester_actor) as requester_actor_n
    from {{ ref('int_engagement_events') }}
),

events as (
    select
        event_id,
        min(decliner) as decliner,
        min(requester) as requester,
        -- The kind most mentions give; "declined" wins a tie with "ignored" (alphabetical).
        first(kind order by kind_n desc, kind) as kind_mode,
        count(*) filter (where kind = 'declined') as n_declined,
        count(*) filter (where kind = 'ignored') as n_ignored,
        -- The fullest wording of what was refused.
        first(engagement order by length(engagement) desc, engagement) as engagement,
        first(engagement_type order by engagement_type_n desc, engagement_type) as engagement_type,
        min(scope) as scope,
        coalesce(
            first(decliner_actor order by decliner_actor_n desc, decliner_actor) filter (where decliner_actor <> decliner),
            min(decliner)
        ) as decliner_actor,
        coalesce(
            first(requester_actor order by requester_actor_n desc, requester_actor) filter (where requester_actor <> requester),
            min(requester)
        ) as requester_actor,
        min(published_date) as first_reported,
        min(time_start) as time_start,
        max(coalesce(time_end, time_start)) as time_end,
        count(*) as mentions,
        count(distinct article_id) as articles,
        max(claimed_count_min) as claimed_count_min,
        min(claimed_count_max) as claimed_count_max,
        arg_min(article_id, concat_ws('|', coalesce(published_date::varchar, '9999'), article_id, lpad(start_char::varchar, 9, '0'))) as first_article_id,
        arg_min(start_char, concat_ws('|', coalesce(published_date::varchar, '9999'), article_id, lpad(start_char::varchar, 9, '0'))) as first_start_char
    from mentions
    group by event_id
)

select
    event_id,
    decliner,
    requester,
    case
        when n_declined > 0 and n_declined >= n_ignored then 'declined'
        when n_ignored > 0 then 'ignored'
        else kind_mode
    end as kind,
    engagement,
    engagement_type,
    scope,
    decliner_actor,
    requester_actor,
    first_reported,
    time_start,
    time_end,
    mentions,
    articles,
    claimed_count_min,
    claimed_count_max,
    first_article_id,
    first_start_char
from events
