-- Who is mentioned, how often, in how many articles, over which dates: one row per canonical actor.
with mentions as (
    select * from {{ ref('int_actor_mentions') }}
),

-- An actor's type and country are those most of its mentions carry (a person's country is only
-- stated in some articles).
typed as (
    select
        actor,
        mode(actor_type) as actor_type,
        mode(country) filter (where country is not null) as country
    from mentions
    group by actor
),

counted as (
    select
        actor,
        count(*) as mentions,
        count(distinct article_id) as articles,
        min(published_date) as first_published,
        max(published_date) as last_published
    from mentions
    group by actor
)

select
    counted.actor,
    typed.actor_type,
    typed.country,
    counted.mentions,
    counted.articles,
    counted.first_published,
    counted.last_published
from counted
join typed using (actor)
order by counted.mentions desc, counted.actor
