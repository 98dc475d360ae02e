-- Which real-world refusal each engagement mention reports. See int_engagement_events.yml for the rule.
with recursive

mentions as (
    select
        m.*,
        a.published_date,
        case when m.kind in ('declined', 'ignored') then 'refused' else m.kind end as kind_class,
        coalesce(m.requester, '(unknown)') as requester_key
    from {{ ref('stg_engagement_mentions') }} as m
    inner join {{ ref('stg_articles') }} as a using (article_id)
    where m.decliner is not null
),

timed as (
    select
        *,
        -- When the refusal happened, as far as the mention tells: its sentence's dates, else the month
        -- before publication; null when neither is known (compatible with anything).
        coalesce(time_start, published_date - interval 31 day)::date as window_start,
        case
            when time_open_ended then coalesce(published_date, date '9999-12-31')
            else coalesce(time_end, time_start, published_date)
        end::date as window_end
    from mentions
),

-- An article can tell two refusals of one pair on different occasions ("refused in March, and again
-- in June"). Mentions of one signature whose own sentence dates do not overlap are separate occasions:
-- a dated mention opens a new occasion when it starts after every earlier dated mention of the
-- signature has ended.
dated as (
    select
        article_id,
        start_char,
        decliner,
        requester_key,
        kind_class,
        scope,
        case
            when time_start > max(
                case when time_open_ended then coalesce(published_date, time_start) else coalesce(time_end, time_start) end
            ) over (
                partition by article_id, decliner, requester_key, kind_class, scope
                order by time_start, start_char rows between unbounded preceding and 1 preceding
            ) then 1 else 0
        end as opens_occasion,
        time_start
    from timed
    where time_start is not null
),

occasions as (
    select
        *,
        sum(opens_occasion) over (
            partition by article_id, decliner, requester_key, kind_class, scope
            order by time_start, start_char rows between unbounded preceding and current row
        ) as occasion
    from dated
),

-- An undated mention belongs to the occasion of the nearest dated mention before it in the text (the
-- first occasion when none precedes it).
with_occasion as (
    select
        t.*,
        coalesce(
            (select o.occasion from occasions as o
             where o.article_id = t.article_id and o.decliner = t.decliner and o.requester_key = t.requester_key
               and o.kind_class = t.kind_class and o.scope = t.scope and o.start_char = t.start_char
             limit 1),
            (select o.occasion from occasions as o
             where o.article_id = t.article_id and o.decliner = t.decliner and o.requester_key = t.requester_key
               and o.kind_class = t.kind_class and o.scope = t.scope and o.start_char < t.start_char
             order by o.start_char desc limit 1),
            0
        ) as occasion
    from timed as t
),

-- One article's account of one refusal: same decliner, requester, kind class, scope and occasion.
reports as (
    select
        md5(concat_ws('|', article_id, decliner, requester_key, kind_class, scope, occasion::varchar)) as report_id,
        article_id,
        decliner,
        requester_key,
        kind_class,
        scope,
        min(window_start) as window_start,
        max(window_end) as window_end,
        max(claimed_count_min) as count_low,
        min(claimed_count_max) as count_high,
        bool_or(claimed_count_min is not null or claimed_count_max is not null) as has_count,
        list_filter(list_distinct(flatten(list(string_split(coalesce(anchors, ''), '|')))), lambda x: x <> '') as anchors,
        occasion
    from with_occasion
    group by article_id, decliner, requester_key, kind_class, scope, occasion
),

-- Two reports from different articles are the same refusal when nothing contradicts it (same
-- signature, compatible time, compatible counts) and something positively ties them (overlapping
-- known time, a shared person / venue / occasion, or compatible claimed counts).
pairs as (
    select
        a.report_id as src,
        b.report_id as dst
    from reports as a
    inner join reports as b
        on a.decliner = b.decliner
        and a.requester_key = b.requester_key
        and a.kind_class = b.kind_class
        and a.scope = b.scope
        and a.article_id <> b.article_id
    where
        (a.window_start is null or b.window_start is null
         or (a.window_start <= b.window_end + interval 31 day and b.window_start <= a.window_end + interval 31 day))
        and (not (a.has_count and b.has_count)
             or (coalesce(a.count_low, 0) <= coalesce(b.count_high, 2147483647)
                 and coalesce(b.count_low, 0) <= coalesce(a.count_high, 2147483647)))
        and (
            (a.window_start is not null and b.window_start is not null)
            or len(list_intersect(a.anchors, b.anchors)) > 0
            or (a.has_count and b.has_count)
        )
),

edges as (
    select src, dst from pairs
    union
    select report_id, report_id from reports
),

-- Connected components of the report graph: every report reaches all reports of its event.
reach (report_id, member) as (
    select src, dst from edges
    union
    select reach.report_id, edges.dst
    from reach
    inner join edges on reach.member = edges.src
),

components as (
    select report_id, min(member) as component
    from reach
    group by report_id
)

select
    md5(concat_ws('|', t.decliner, t.requester_key, t.kind_class, t.scope, c.component)) as event_id,
    r.report_id,
    t.article_id,
    t.sentence_idx,
    t.start_char,
    t.end_char,
    t.trigger,
    t.kind,
    t.kind_class,
    t.decliner,
    t.requester,
    t.decliner_actor,
    t.requester_actor,
    t.engagement,
    t.engagement_type,
    t.scope,
    t.claimed_count_min,
    t.claimed_count_max,
    t.in_quote,
    t.time_start,
    t.time_end,
    t.window_start,
    t.window_end,
    t.published_date
from with_occasion as t
inner join reports as r
    on r.article_id = t.article_id
    and r.occasion = t.occasion
    and r.decliner = t.decliner
    and r.requester_key = t.requester_key
    and r.kind_class = t.kind_class
    and r.scope = t.scope
inner join components as c on c.report_id = r.report_id
