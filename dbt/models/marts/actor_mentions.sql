-- Who is mentioned, how often, in how many articles, over which dates: one row per canonical actor.
with mentions as (
    select * from {{ ref('int_actor_mentions') }}
),

-- An actor's type and country are those most of its mentions carry (a person's country is only
-- stated in some articles); ties go to the alphabetically first value so re-runs give the same answer.
type_votes as (
    select actor, actor_type, count(*) as votes
    from mentions
    group by actor, actor_type
),

country_votes as (
    select actor, country, count(*) as votes
    from mentions
    where country is not null
    group by actor, country
),

typed as (
    select actor, first(actor_type order by votes desc, actor_type) as actor_type
    from type_votes
    group by actor
),

located as (
    select actor, first(country order by votes desc, country) as country
    from country_votes
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
    located.country,
    counted.mentions,
    counted.articles,
    counted.first_published,
    counted.last_published
from counted
join typed using (actor)
left join located using (actor)
order by counted.mentions desc, counted.actor
