-- Every actor mention with its evidence (article, offsets, sentence) and the publication date.
-- actor_aliases is applied again here, so editing the seed and re-running dbt re-maps canonical
-- actors without re-extracting the articles.
with mentions as (
    select * from {{ ref('stg_actor_references') }}
),

aliases as (
    select
        lower(alias) as alias_key,
        actor as aliased_actor,
        actor_type as aliased_actor_type,
        nullif(country, '') as aliased_country
    from {{ ref('actor_aliases') }}
    qualify row_number() over (partition by lower(alias) order by actor) = 1
),

articles as (
    select article_id, source_file, title, published_date from {{ ref('stg_articles') }}
),

sentences as (
    select article_id, sentence_idx, sentence_text from {{ ref('stg_sentences') }}
),

remapped as (
    select
        mentions.*,
        coalesce(aliases.aliased_actor, mentions.actor) as canonical_actor,
        coalesce(aliases.aliased_actor_type, mentions.actor_type) as canonical_actor_type,
        coalesce(aliases.aliased_country, mentions.country) as canonical_country
    from mentions
    left join aliases on aliases.alias_key = lower(mentions.actor)
)

select
    remapped.article_id,
    remapped.sentence_idx,
    remapped.start_char,
    remapped.end_char,
    remapped.mention_text,
    remapped.canonical_actor as actor,
    remapped.canonical_actor_type as actor_type,
    remapped.canonical_country as country,
    remapped.role,
    remapped.entity_label,
    remapped.resolved_by,
    remapped.actor as extracted_actor,
    articles.source_file,
    articles.title,
    articles.published_date,
    sentences.sentence_text
from remapped
join articles using (article_id)
left join sentences
    on sentences.article_id = remapped.article_id
    and sentences.sentence_idx = remapped.sentence_idx
