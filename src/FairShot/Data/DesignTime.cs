using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations.Design;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace FairShot.Data;

/// <summary>
/// What <c>dotnet ef migrations add</c> builds the model with. One set of migrations and one model
/// snapshot serve SQLite and PostgreSQL, so the tools always take the model through Npgsql (its
/// conventions add the identity annotations PostgreSQL needs; SQLite needs none, it infers
/// AUTOINCREMENT from an integer key) and never open a connection. Not used at run time.
/// </summary>
public sealed class FairShotDesignTimeFactory : IDesignTimeDbContextFactory<FairShotDb>
{
    public FairShotDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<FairShotDb>().UseNpgsql("Host=design-time.invalid").Options);
}

/// <summary>
/// Keeps generated migrations and the snapshot provider-neutral, as the hand-written ones are:
/// no column type where the provider's own mapping of the CLR type gives it (a snapshot saying
/// <c>uuid</c> would be a pending change on SQLite, and <c>TEXT</c> one on PostgreSQL, which makes
/// <c>Migrate()</c> refuse to run), and an identity column marked for both providers.
/// <c>ModelSnapshotTests</c> and <c>MigrationSchemaTests</c> check the result on each provider.
/// </summary>
public sealed class FairShotDesignTimeServices : IDesignTimeServices
{
    public void ConfigureDesignTimeServices(IServiceCollection services)
    {
        services.AddSingleton<ICSharpMigrationOperationGenerator, ProviderNeutralOperationGenerator>();
        services.AddSingleton<IMigrationsCodeGenerator, ProviderNeutralMigrationsGenerator>();
    }
}

internal sealed partial class ProviderNeutralMigrationsGenerator(
    MigrationsCodeGeneratorDependencies dependencies, CSharpMigrationsGeneratorDependencies csharpDependencies)
    : CSharpMigrationsGenerator(dependencies, csharpDependencies)
{
    public override string GenerateSnapshot(string? modelSnapshotNamespace, Type contextType, string modelSnapshotName, IModel model) =>
        WithoutColumnTypes(base.GenerateSnapshot(modelSnapshotNamespace, contextType, modelSnapshotName, model), model);

    public override string GenerateMetadata(string? migrationNamespace, Type contextType, string migrationName, string migrationId, IModel targetModel) =>
        WithoutColumnTypes(base.GenerateMetadata(migrationNamespace, contextType, migrationName, migrationId, targetModel), targetModel);

    private static string WithoutColumnTypes(string code, IModel model)
    {
        var explicitTypes = model.GetEntityTypes().SelectMany(e => e.GetDeclaredProperties())
            .Where(p => p.FindAnnotation(RelationalAnnotationNames.ColumnType) is not null)
            .Select(p => $"{p.DeclaringType.DisplayName()}.{p.Name}")
            .ToList();
        if (explicitTypes.Count > 0)
        {
            // A store type named in the model is one provider's: the shared snapshot could not match the other.
            throw new InvalidOperationException(
                $"HasColumnType on {string.Join(", ", explicitTypes)}: FairShot's migrations serve SQLite and PostgreSQL, so the model leaves store types to each provider (docs/operations.md).");
        }
        return ColumnType().Replace(code, "");
    }

    [GeneratedRegex("""\r?\n[ \t]*\.HasColumnType\("(?:[^"\\]|\\.)*"\)""")]
    private static partial Regex ColumnType();
}

internal sealed class ProviderNeutralOperationGenerator(CSharpMigrationOperationGeneratorDependencies dependencies, IRelationalTypeMappingSource typeMappings)
    : CSharpMigrationOperationGenerator(dependencies)
{
    protected override void Generate(CreateTableOperation operation, IndentedStringBuilder builder)
    {
        foreach (var column in operation.Columns)
        {
            Neutralise(column);
        }
        base.Generate(operation, builder);
    }

    protected override void Generate(AddColumnOperation operation, IndentedStringBuilder builder)
    {
        Neutralise(operation);
        base.Generate(operation, builder);
    }

    protected override void Generate(AlterColumnOperation operation, IndentedStringBuilder builder)
    {
        Neutralise(operation);
        Neutralise(operation.OldColumn);
        base.Generate(operation, builder);
    }

    private void Neutralise(ColumnOperation column)
    {
        var mapped = typeMappings.FindMapping(column.ClrType, storeTypeName: null, keyOrIndex: false, unicode: column.IsUnicode,
            size: column.MaxLength, rowVersion: column.IsRowVersion, fixedLength: column.IsFixedLength, precision: column.Precision, scale: column.Scale);
        if (mapped is not null && string.Equals(mapped.StoreType, column.ColumnType, StringComparison.OrdinalIgnoreCase))
        {
            column.ColumnType = null;
        }
        if (column["Npgsql:ValueGenerationStrategy"] is NpgsqlValueGenerationStrategy.IdentityByDefaultColumn or NpgsqlValueGenerationStrategy.IdentityAlwaysColumn)
        {
            column.AddAnnotation("Sqlite:Autoincrement", true);
        }
    }
}
