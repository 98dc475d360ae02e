-- Who is quoted, how much and where: one row per speaker, scare quotes left out (nobody speaks in them).
with quotes as (
    select * from {{ ref('stg_quotes') }}
    where kind <> 'scare' and speaker is not null
),

articles as (
    select article_id, published_date from {{ ref('stg_articles') }}
),

-- A quotation running over several paragraphs counts once.
quotations as (
    select distinct
        quotes.article_id,
        quotes.quotation_idx,
        quotes.speaker,
        quotes.kind,
        articles.published_date
    from quotes
    join articles using (article_id)
),

-- A speaker's type is the one most of their quotes carry (ties alphabetically, so rebuilds agree).
type_counts as (
    select speaker, speaker_actor_type, count(*) as n
    from quotes
    where speaker_actor_type is not null
    group by speaker, speaker_actor_type
),

typed as (
    select speaker, first(speaker_actor_type order by n desc, speaker_actor_type) as speaker_actor_type
    from type_counts
    group by speaker
)

select
    quotations.speaker,
    typed.speaker_actor_type,
    count(*) as quotes,
    count(*) filter (where quotations.kind = 'direct') as direct_quotes,
    count(*) filter (where quotations.kind = 'partial') as partial_quotes,
    count(*) filter (where quotations.kind = 'indirect') as indirect_quotes,
    count(distinct quotations.article_id) as articles,
    min(quotations.published_date) as first_published,
    max(quotations.published_date) as last_published
from quotations
left join typed using (speaker)
group by quotations.speaker, typed.speaker_actor_type
order by quotes desc, quotations.speaker
