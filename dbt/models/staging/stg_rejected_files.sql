with source as (
    select * from {{ source('news', 'rejected_files') }}
),

renamed as (
    select
        source_file,
        reason,
        detected_at
    from source
)

select * from renamed
