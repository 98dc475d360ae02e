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
    -- names several countries use ("Democrats") were mapped, or deliberately not, with the article's context
    where not coalesce(needs_country_in_article, false)
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
),

-- A person named by surname only in some article ("Biden") is the person named in full elsewhere
-- ("Joe Biden") when exactly one full-name person in the warehouse has that surname, and no honorific
-- the surname is used with ("Mrs Biden") contradicts the gender of that person's given name.
full_names as (
    select distinct
        canonical_actor as full_actor,
        canonical_country as full_country,
        lower(string_split(canonical_actor, ' ')[-1]) as surname_key,
        lower(string_split(canonical_actor, ' ')[1]) as given_key
    from remapped
    where canonical_actor_type = 'person' and canonical_actor like '% %'
),

unique_surnames as (
    select surname_key, min(full_actor) as full_actor, min(full_country) as full_country,
        min(given_key) as given_key
    from full_names
    group by surname_key
    having count(distinct full_actor) = 1
),

surname_genders as (
    select distinct
        lower(remapped.canonical_actor) as surname_key,
        titles.gender
    from remapped
    join {{ ref('person_titles') }} as titles
        on titles.title = lower(rtrim(string_split(remapped.mention_text, ' ')[1], '.'))
    where remapped.canonical_actor_type = 'person'
        and remapped.canonical_actor not like '% %'
        and coalesce(titles.gender, '') <> ''
),

surname_links as (
    select unique_surnames.surname_key, unique_surnames.full_actor, unique_surnames.full_country
    from unique_surnames
    left join {{ ref('given_names') }} as given_names on lower(given_names.name) = unique_surnames.given_key
    where not exists (
        select 1 from surname_genders
        where surname_genders.surname_key = unique_surnames.surname_key
            and given_names.gender is not null
            and surname_genders.gender <> given_names.gender
    )
),

linked as (
    select
        remapped.* replace (
            coalesce(surname_links.full_actor, remapped.canonical_actor) as canonical_actor,
            coalesce(remapped.canonical_country, surname_links.full_country) as canonical_country
        ),
        surname_links.full_actor is not null as linked_by_surname
    from remapped
    left join surname_links
        on remapped.canonical_actor_type = 'person'
        and remapped.canonical_actor not like '% %'
        and lower(remapped.canonical_actor) = surname_links.surname_key
)

select
    linked.article_id,
    linked.sentence_idx,
    linked.start_char,
    linked.end_char,
    linked.mention_text,
    linked.canonical_actor as actor,
    linked.canonical_actor_type as actor_type,
    linked.canonical_country as country,
    linked.role,
    linked.entity_label,
    linked.resolved_by,
    linked.linked_by_surname,
    linked.actor as extracted_actor,
    articles.source_file,
    articles.title,
    articles.published_date,
    sentences.sentence_text
from linked
join articles using (article_id)
left join sentences
    on sentences.article_id = linked.article_id
    and sentences.sentence_idx = linked.sentence_idx
