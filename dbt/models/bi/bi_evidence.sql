-- The sentences behind the marts' numbers: one row per engagement mention (with the event it counts for)
-- and per actor mention, with its article, sentence and offsets, so a reader can check any figure.
{{ config(materialized='view') }}

with engagement_mentions as (
    select * from {{ ref('int_engagement_events') }}
),

events as (
    select event_id, engagement from {{ ref('declined_engagements') }}
),

actor_mentions as (
    select * from {{ ref('int_actor_mentions') }}
),

articles as (
    select article_id, source_file, title, published_date from {{ ref('stg_articles') }}
),

sentences as (
    select article_id, sentence_idx, sentence_text from {{ ref('stg_sentences') }}
),

engagement_evidence as (
    select
        'declined engagement' as evidence_for,
        engagement_mentions.event_id,
        engagement_mentions.decliner || ' → ' || coalesce(engagement_mentions.requester, '(requester not named)')
            || ': ' || events.engagement as event,
        cast(null as varchar) as actor,
        engagement_mentions.trigger as mention_text,
        engagement_mentions.article_id,
        engagement_mentions.sentence_idx,
        engagement_mentions.start_char,
        engagement_mentions.end_char
    from engagement_mentions
    join events using (event_id)
),

actor_evidence as (
    select
        'actor' as evidence_for,
        cast(null as varchar) as event_id,
        cast(null as varchar) as event,
        actor,
        mention_text,
        article_id,
        sentence_idx,
        start_char,
        end_char
    from actor_mentions
),

evidence as (
    select * from engagement_evidence
    union all
    select * from actor_evidence
)

select
    evidence.evidence_for,
    evidence.event_id,
    evidence.event,
    evidence.actor,
    evidence.mention_text,
    articles.source_file,
    articles.title,
    articles.published_date,
    evidence.article_id,
    evidence.sentence_idx,
    sentences.sentence_text,
    evidence.start_char,
    evidence.end_char
from evidence
join articles using (article_id)
left join sentences
    on sentences.article_id = evidence.article_id
    and sentences.sentence_idx = evidence.sentence_idx
